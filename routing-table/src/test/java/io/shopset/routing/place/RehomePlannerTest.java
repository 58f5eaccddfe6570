package io.shopset.routing.place;

import static io.shopset.routing.Fixtures.dedicated;
import static io.shopset.routing.Fixtures.isolatedShop;
import static io.shopset.routing.Fixtures.placedShop;
import static io.shopset.routing.Fixtures.shop;
import static io.shopset.routing.Fixtures.shopSet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.shopset.routing.Fixtures;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.validate.RoutingValidator;

class RehomePlannerTest {

    @Test
    void replacesTheFailedReplicaAfterTheSurvivorInADomainTheSurvivorIsNotIn() {
        final RoutingState state = Fixtures.state()
                .shopsets(shopSet("a1", "dc-a"), shopSet("a2", "dc-a"), shopSet("b1", "dc-b"), shopSet("c1", "dc-c"))
                .shops(placedShop("alpha", List.of("a1", "b1")), placedShop("beta", List.of("b1", "c1")))
                .build();
        // a2 is unhealthy right now: only c1 may take alpha's replica.
        final RehomePlanner.Plan plan = RehomePlanner.plan(state, Set.of("a1"), Set.of("a2"));

        assertThat(plan.moves()).containsExactly(new Move("alpha", "a1", "c1"));
        assertThat(plan.underReplicated()).isEmpty();
        assertThat(shopIn(plan.next(), "alpha").shopsets()).containsExactly("b1", "c1");
        assertThat(shopIn(plan.next(), "beta")).isEqualTo(shopIn(state, "beta"));
        assertThat(RoutingValidator.validate(plan.next())).isEmpty();
    }

    @Test
    void mayUseAnotherShopSetOfTheFailedReplicasOwnDomain() {
        final RoutingState state = Fixtures.state()
                .shopsets(shopSet("a1", "dc-a"), shopSet("a2", "dc-a"), shopSet("b1", "dc-b"))
                .shops(placedShop("alpha", List.of("a1", "b1")))
                .build();
        final RehomePlanner.Plan plan = RehomePlanner.plan(state, Set.of("a1"), Set.of());

        assertThat(plan.moves()).containsExactly(new Move("alpha", "a1", "a2"));
        assertThat(shopIn(plan.next(), "alpha").shopsets()).containsExactly("b1", "a2");
    }

    @Test
    void aDeadDomainWithNoSpareLeavesTheShopUnderReplicatedAndUntouched() {
        final RoutingState state = Fixtures.state()
                .shopsets(shopSet("a1", "dc-a"), shopSet("a2", "dc-a"), shopSet("b1", "dc-b"))
                .shops(placedShop("alpha", List.of("a1", "b1")), placedShop("beta", List.of("b1", "a2")),
                       placedShop("gamma", List.of("b1")))
                .build();
        final RehomePlanner.Plan plan = RehomePlanner.plan(state, Set.of("a1", "a2"), Set.of());

        assertThat(plan.moves()).isEmpty();
        assertThat(plan.underReplicated()).containsExactly("alpha", "beta");
        assertThat(plan.next()).isSameAs(state);
    }

    @Test
    void neverChoosesADedicatedDrainingFailedOrOtherConfigurationShopSet() {
        final RoutingState state = Fixtures.state()
                .shopsets(shopSet("a1", "dc-a"), shopSet("b1", "dc-b"), dedicated("vip-c", "dc-c"),
                          shopSet("c1", "dc-c").withDraining(true), shopSet("c2", "prod", "staging", "dc-c"),
                          shopSet("c3", "dev", "production", "dc-c"), shopSet("d1", "dc-d"))
                .shops(placedShop("alpha", List.of("a1", "b1")))
                .build();
        assertThat(RehomePlanner.plan(state, Set.of("a1", "d1"), Set.of()).underReplicated()).containsExactly("alpha");
        assertThat(RehomePlanner.plan(state, Set.of("a1"), Set.of()).moves())
                .containsExactly(new Move("alpha", "a1", "d1"));
    }

    @Test
    void aShopPlacedByThePlacerGetsAnExplicitPlacement() {
        final RoutingState state = Fixtures.state()
                .shopsets(shopSet("a1", "dc-a"), shopSet("b1", "dc-b"), shopSet("c1", "dc-c"))
                .shops(shop("beta"))
                .build();
        final List<String> placed = Placements.of(shopIn(state, "beta"), state);
        final String lost = placed.get(0);
        final RehomePlanner.Plan plan = RehomePlanner.plan(state, Set.of(lost), Set.of());

        final List<String> after = shopIn(plan.next(), "beta").shopsets();
        assertThat(after).hasSize(2).doesNotContain(lost);
        assertThat(after.get(0)).isEqualTo(placed.get(1));
        assertThat(plan.moves()).containsExactly(new Move("beta", lost, after.get(1)));
    }

    @Test
    void anIsolatedShopKeepsItsDedicatedShopSetAndItsFallbackIsReHomed() {
        final RoutingState state = Fixtures.state()
                .shopsets(shopSet("a1", "dc-a"), shopSet("b1", "dc-b"), shopSet("c1", "dc-c"), dedicated("vip-1", "dc-a"))
                .shops(isolatedShop("flash", "vip-1", List.of("a1", "b1")))
                .build();
        final RehomePlanner.Plan fallback = RehomePlanner.plan(state, Set.of("a1"), Set.of());
        final Shop flash = shopIn(fallback.next(), "flash");
        assertThat(flash.shopsets()).containsExactly("vip-1");
        assertThat(flash.rememberedShopsets()).containsExactly("b1", "c1");
        assertThat(fallback.moves()).containsExactly(new Move("flash", "a1", "c1"));
        assertThat(fallback.underReplicated()).isEmpty();

        final RehomePlanner.Plan dedicatedDown = RehomePlanner.plan(state, Set.of("vip-1"), Set.of());
        assertThat(dedicatedDown.moves()).isEmpty();
        assertThat(dedicatedDown.underReplicated()).containsExactly("flash");
        assertThat(UnderReplication.shops(state, Map.of(), Set.of("vip-1"))).containsExactly("flash");
    }

    @Test
    void withEveryReplicaFailedTheShopGetsNewOnesWhereAnyAreLeft() {
        final RoutingState state = Fixtures.state()
                .shopsets(shopSet("a1", "dc-a"), shopSet("b1", "dc-b"), shopSet("c1", "dc-c"), shopSet("d1", "dc-d"))
                .shops(placedShop("alpha", List.of("a1", "b1")))
                .build();
        final RehomePlanner.Plan plan = RehomePlanner.plan(state, Set.of("a1", "b1"), Set.of());
        assertThat(shopIn(plan.next(), "alpha").shopsets()).containsExactlyInAnyOrder("c1", "d1");
        assertThat(plan.moves()).extracting(Move::from).containsExactly("a1", "b1");
        assertThat(plan.underReplicated()).isEmpty();
    }

    @Test
    void nothingFailedIsNothingToDo() {
        final RoutingState state = Fixtures.state().shopsets(shopSet("a1", "dc-a")).shops(shop("x")).build();
        assertThat(RehomePlanner.plan(state, Set.of(), Set.of()).next()).isSameAs(state);
    }

    static Shop shopIn(RoutingState state, String id) {
        return state.shops().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }
}
