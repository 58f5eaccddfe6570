package io.shopset.routing.place;

import static io.shopset.routing.Fixtures.dedicated;
import static io.shopset.routing.Fixtures.isolatedShop;
import static io.shopset.routing.Fixtures.placedShop;
import static io.shopset.routing.Fixtures.shop;
import static io.shopset.routing.Fixtures.shopSet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.shopset.routing.Fixtures;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.validate.RoutingValidator;

class DrainPlannerTest {

    @Test
    void movesEveryShopOfTheDrainedShopSetToAnotherDomainFreeOne() {
        final RoutingState state = Fixtures.state()
                .shopsets(shopSet("a1", "dc-a"), shopSet("b1", "dc-b"), shopSet("b2", "dc-b"), shopSet("c1", "dc-c"))
                .shops(placedShop("alpha", List.of("a1", "b1")), placedShop("beta", List.of("b1", "c1")),
                       placedShop("gamma", List.of("a1", "b2")))
                .build();
        final DrainPlanner.Plan plan = DrainPlanner.plan(state, Set.of("b1"));

        assertThat(plan.stranded()).isEmpty();
        assertThat(plan.underReplicated()).isEmpty();
        assertThat(plan.moves()).extracting(DrainPlanner.Move::shop).containsExactly("alpha", "beta");
        final Map<String, List<String>> after = Placements.all(plan.next());
        assertThat(after.get("alpha")).doesNotContain("b1").hasSize(2).contains("a1");
        assertThat(after.get("beta")).doesNotContain("b1").hasSize(2).contains("c1");
        assertThat(after.get("gamma")).containsExactly("a1", "b2");
        assertThat(plan.next().shopsets().stream().filter(ShopSet::draining).map(ShopSet::name)).containsExactly("b1");
        assertThat(RoutingValidator.validate(plan.next())).isEmpty();
    }

    @Test
    void keepsTheOtherReplicaAndReportsUnderReplicatedWhenNoDomainIsFree() {
        final RoutingState state = Fixtures.state()
                .shopsets(shopSet("a1", "dc-a"), shopSet("b1", "dc-b"))
                .shops(placedShop("alpha", List.of("a1", "b1")))
                .build();
        final DrainPlanner.Plan plan = DrainPlanner.plan(state, Set.of("b1"));

        assertThat(plan.moves()).isEmpty();
        assertThat(plan.underReplicated()).containsExactly("alpha");
        assertThat(Placements.all(plan.next()).get("alpha")).containsExactly("a1");
    }

    @Test
    void reportsAShopLeftWithNothingAsStranded() {
        final RoutingState state = Fixtures.state()
                .shopsets(shopSet("a1", "dc-a"), shopSet("b1", "dc-b"))
                .shops(placedShop("solo", List.of("a1")), placedShop("duo", List.of("a1", "b1")))
                .build();
        final DrainPlanner.Plan plan = DrainPlanner.plan(state, Set.of("a1", "b1"));

        assertThat(plan.stranded()).containsExactly("solo", "duo");
    }

    @Test
    void movesAnIsolatedShopToAnotherDedicatedShopSet() {
        final RoutingState state = Fixtures.state()
                .shopsets(shopSet("a1", "dc-a"), shopSet("b1", "dc-b"), dedicated("vip-1", "dc-a"),
                          dedicated("vip-2", "dc-b"))
                .shops(isolatedShop("flash", "vip-1", List.of("a1", "b1")))
                .build();
        final DrainPlanner.Plan plan = DrainPlanner.plan(state, Set.of("vip-1"));

        assertThat(plan.moves()).containsExactly(new DrainPlanner.Move("flash", "vip-1", "vip-2"));
        assertThat(plan.next().shops().get(0).rememberedShopsets()).containsExactly("a1", "b1");
    }

    @Test
    void drainingTwiceIsANoOp() {
        final RoutingState state = Fixtures.state()
                .shopsets(shopSet("a1", "dc-a"), shopSet("b1", "dc-b"), shopSet("b2", "dc-b"))
                .shops(shop("s1"), shop("s2"), shop("s3"), shop("s4"))
                .build();
        final DrainPlanner.Plan first = DrainPlanner.plan(state, Set.of("b1"));
        final DrainPlanner.Plan second = DrainPlanner.plan(first.next(), Set.of("b1"));

        assertThat(second.moves()).isEmpty();
        assertThat(second.next()).isEqualTo(first.next());
    }

    @Test
    void placerPlacedShopsOffTheDrainedShopSetKeepTheirPlacement() {
        final List<ShopSet> sets = List.of(shopSet("a1", "dc-a"), shopSet("a2", "dc-a"), shopSet("b1", "dc-b"),
                                           shopSet("b2", "dc-b"), shopSet("c1", "dc-c"));
        final List<Shop> shops = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            shops.add(shop("shop-" + i));
        }
        final RoutingState state = Fixtures.state().shopsets(sets).shops(shops).build();
        final Map<String, List<String>> before = Placements.all(state);
        final DrainPlanner.Plan plan = DrainPlanner.plan(state, Set.of("b2"));
        final Map<String, List<String>> after = Placements.all(plan.next());

        final Set<String> moved = new HashSet<>();
        plan.moves().forEach(m -> moved.add(m.shop()));
        for (String id : before.keySet()) {
            if (before.get(id).contains("b2")) {
                assertThat(moved).contains(id);
            } else {
                assertThat(after.get(id)).as(id).isEqualTo(before.get(id));
            }
        }
    }

    /** Property: over random topologies, a drain never puts two replicas of a shop in one failure domain. */
    @Test
    void randomTopologies_neverTwoReplicasInOneDomain() {
        final Random random = new Random(20260517L);
        for (int round = 0; round < 300; round++) {
            final int domains = 1 + random.nextInt(5);
            final List<ShopSet> sets = new ArrayList<>();
            final int setCount = 1 + random.nextInt(10);
            for (int i = 0; i < setCount; i++) {
                sets.add(random.nextInt(8) == 0 ? dedicated("d" + i, "dc-" + random.nextInt(domains))
                        : shopSet("s" + i, "dc-" + random.nextInt(domains), 0.5 + random.nextDouble() * 2));
            }
            final RoutingState base = Fixtures.state().replicas(1 + random.nextInt(3)).shopsets(sets).build();
            final List<Shop> shops = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                final Shop placed = shop("shop-" + i);
                if (Placer.eligible(placed, base).isEmpty()) {
                    continue;
                }
                // Half keep to the placer, half get an explicit placement of what the placer chose.
                shops.add(random.nextBoolean() ? placed
                        : placedShop(placed.id(), Placements.of(placed, base)));
            }
            final RoutingState state = Fixtures.state().replicas(base.replicas()).shopsets(sets).shops(shops).build();
            assertThat(RoutingValidator.validate(state)).as("round %d input", round).isEmpty();

            final Set<String> drained = new HashSet<>();
            if (random.nextBoolean()) {
                drained.add(sets.get(random.nextInt(sets.size())).name());
            } else {
                final String domain = "dc-" + random.nextInt(domains);
                sets.stream().filter(s -> s.failureDomain().equals(domain)).forEach(s -> drained.add(s.name()));
            }
            final DrainPlanner.Plan plan = DrainPlanner.plan(state, drained);

            final Map<String, ShopSet> byName = new HashMap<>();
            plan.next().shopsets().forEach(s -> byName.put(s.name(), s));
            final Map<String, List<String>> before = Placements.all(state);
            final Set<String> accounted = new HashSet<>();
            plan.moves().forEach(m -> accounted.add(m.shop()));
            accounted.addAll(plan.underReplicated());
            accounted.addAll(plan.stranded());
            for (Shop s : plan.next().shops()) {
                final List<String> placement = Placements.of(s, plan.next());
                final Set<String> seenDomains = new HashSet<>();
                for (String name : placement) {
                    assertThat(seenDomains.add(byName.get(name).failureDomain()))
                            .as("round %d shop %s placement %s", round, s.id(), placement).isTrue();
                    assertThat(drained).as("round %d shop %s still on a drained ShopSet", round, s.id())
                                       .doesNotContain(name);
                    assertThat(byName.get(name).configuration()).isEqualTo(s.configuration());
                }
                if (before.get(s.id()).stream().anyMatch(drained::contains)) {
                    assertThat(accounted).as("round %d: shop %s has an entry", round, s.id()).contains(s.id());
                }
            }
            for (DrainPlanner.Move m : plan.moves()) {
                assertThat(byName.get(m.to()).draining()).isFalse();
                assertThat(byName.get(m.to()).dedicated()).isEqualTo(byName.get(m.from()).dedicated());
            }
            if (plan.stranded().isEmpty()) {
                assertThat(RoutingValidator.validate(plan.next())).as("round %d output", round).isEmpty();
            }
        }
    }
}
