package io.shopset.routing.place;

import static io.shopset.routing.Fixtures.placedShop;
import static io.shopset.routing.Fixtures.shopSet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.shopset.routing.Fixtures;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.HealthCheck;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.validate.RoutingValidator;

class RebalancerTest {

    /** Ten shops on a1 (rates 1..10 by number), a2 empty: what an undrain of a2 leaves behind. */
    private static RoutingState afterUndrain(ShopSet a1, ShopSet a2) {
        final List<Shop> shops = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            shops.add(placedShop("shop-" + i, List.of("a1")));
        }
        return Fixtures.state().replicas(1).shopsets(a1, a2).shops(shops).build();
    }

    private static Map<String, Double> rates() {
        final Map<String, Double> r = new HashMap<>();
        for (int i = 1; i <= 10; i++) {
            r.put("shop-" + i, (double) i);
        }
        return r;
    }

    @Test
    void movesTheColdestShopsFirstWithinTheMoveBudget() {
        final RoutingState state = afterUndrain(shopSet("a1", "dc-a"), shopSet("a2", "dc-a"));
        final Rebalancer.Plan plan = Rebalancer.plan(state, rates(), new Rebalancer.Budget(3, 1.0), Set.of());

        assertThat(plan.moves()).containsExactly(new Move("shop-1", "a1", "a2"), new Move("shop-2", "a1", "a2"),
                                                 new Move("shop-3", "a1", "a2"));
        assertThat(plan.skipped()).isEqualTo(new Rebalancer.Skipped(2, 0, 0));
        assertThat(plan.shopsBefore()).isEqualTo(Map.of("a1", 10, "a2", 0));
        assertThat(plan.shopsAfter()).isEqualTo(Map.of("a1", 7, "a2", 3));
        assertThat(RoutingValidator.validate(plan.next())).isEmpty();

        final Rebalancer.Plan unlimited = Rebalancer.plan(state, rates(), new Rebalancer.Budget(100, 1.0), Set.of());
        assertThat(unlimited.moves()).extracting(Move::shop).containsExactly("shop-1", "shop-2", "shop-3", "shop-4",
                                                                             "shop-5");
        assertThat(unlimited.shopsAfter()).isEqualTo(Map.of("a1", 5, "a2", 5));
    }

    @Test
    void theTrafficBudgetLeavesHotShopsInPlace() {
        final RoutingState state = afterUndrain(shopSet("a1", "dc-a"), shopSet("a2", "dc-a"));
        // 10% of 55 rps is 5.5: shop-1 (1) and shop-2 (2) fit, shop-3 (3) does not.
        final Rebalancer.Plan plan = Rebalancer.plan(state, rates(), new Rebalancer.Budget(100, 0.1), Set.of());

        assertThat(plan.moves()).extracting(Move::shop).containsExactly("shop-1", "shop-2");
        assertThat(plan.skipped()).isEqualTo(new Rebalancer.Skipped(0, 3, 0));
        assertThat(plan.movedShare()).isEqualTo(3.0 / 55);
    }

    @Test
    void capacityIsEndpointsTimesWeight() {
        final ShopSet big = new ShopSet("a1", "prod", "production", "dc-a", false,
                                        List.of(new Endpoint("127.0.0.1", 1), new Endpoint("127.0.0.1", 2)),
                                        HealthCheck.DEFAULT, 1.0, false);
        final ShopSet small = new ShopSet("a2", "prod", "production", "dc-a", false,
                                          List.of(new Endpoint("127.0.0.1", 3)), HealthCheck.DEFAULT, 1.5, false);
        assertThat(Rebalancer.capacity(big)).isEqualTo(2.0);
        assertThat(Rebalancer.capacity(small)).isEqualTo(1.5);
        final Rebalancer.Plan plan = Rebalancer.plan(afterUndrain(big, small), rates(),
                                                     new Rebalancer.Budget(100, 1.0), Set.of());
        // Targets 10 × 2/3.5 ≈ 5.7 and 4.3: moves stop once a2 would be more loaded per capacity than a1.
        assertThat(plan.shopsAfter()).isEqualTo(Map.of("a1", 6, "a2", 4));
    }

    @Test
    void neverPutsTwoReplicasInOneDomainNorUsesAnUnavailableShopSet() {
        final List<Shop> shops = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            shops.add(placedShop("s" + i, List.of("a1", "b1")));
        }
        final RoutingState state = Fixtures.state()
                .shopsets(shopSet("a1", "dc-a"), shopSet("a2", "dc-a"), shopSet("b1", "dc-b"))
                .shops(shops).build();
        final Rebalancer.Plan plan = Rebalancer.plan(state, Map.of(), new Rebalancer.Budget(100, 1.0), Set.of());
        // a1's entries may go to a2 (their other replica is in dc-b); b1's may not (a2 is in dc-a).
        assertThat(plan.moves()).extracting(Move::from).containsOnly("a1");
        assertThat(plan.shopsAfter()).isEqualTo(Map.of("a1", 4, "a2", 2, "b1", 6));
        assertThat(plan.skipped().noValidTarget()).isEqualTo(6);
        assertThat(RoutingValidator.validate(plan.next())).isEmpty();

        assertThat(Rebalancer.plan(state, Map.of(), new Rebalancer.Budget(100, 1.0), Set.of("a2")).moves()).isEmpty();
    }
}
