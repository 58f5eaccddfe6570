package io.shopset.routing.place;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.validate.RoutingValidator;

/**
 * The placement planners' invariants over random topologies ({@link RandomTopology}): re-homing,
 * rebalancing and what-if never break a placement rule, keep the surviving replicas first, respect
 * the budget, and are deterministic.
 */
class PlannerPropertiesTest {

    @Provide
    Arbitrary<RandomTopology> topologies() {
        return RandomTopology.arbitrary();
    }

    @Provide
    Arbitrary<Rebalancer.Budget> budgets() {
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 60),
                                                 Arbitraries.of(0.0, 0.01, 0.1, 0.5, 1.0))
                                        .as(Rebalancer.Budget::new);
    }

    @Property(tries = 400)
    void generatedTopologiesAreValid(@ForAll("topologies") RandomTopology t) {
        assertThat(RoutingValidator.validate(t.state())).isEmpty();
    }

    // ---- re-homing ----

    @Property(tries = 400)
    void rehomingKeepsEveryRuleAndTheSurvivorsFirst(@ForAll("topologies") RandomTopology t) {
        final RoutingState state = t.state();
        final RehomePlanner.Plan plan = RehomePlanner.plan(state, t.failed(), t.unavailable());
        final RoutingState next = plan.next();
        // The property is only worth something if many tries move shops and some leave shops under-replicated.
        Statistics.label("re-homing moves shops").collect(!plan.moves().isEmpty());
        Statistics.label("re-homing moves shops").coverage(c -> c.check(true).percentage(p -> p > 25));
        Statistics.label("under-replicated left").collect(!plan.underReplicated().isEmpty());
        Statistics.label("under-replicated left").coverage(c -> c.check(true).percentage(p -> p > 5));

        assertThat(RoutingValidator.validate(next)).as("the next state is valid").isEmpty();
        assertThat(RehomePlanner.plan(state, t.failed(), t.unavailable())).as("deterministic").isEqualTo(plan);
        final Map<String, ShopSet> sets = byName(state);
        final Map<String, Shop> before = shops(state);
        final Map<String, Shop> after = shops(next);
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
        final Map<String, List<Move>> movesByShop = new HashMap<>();
        for (Move m : plan.moves()) {
            movesByShop.computeIfAbsent(m.shop(), k -> new ArrayList<>()).add(m);
        }
        for (Shop old : state.shops()) {
            final Shop now = after.get(old.id());
            final List<String> oldList = old.isolated() ? old.rememberedShopsets() : Placements.of(old, state);
            final List<String> newList = now.isolated() ? now.rememberedShopsets() : Placements.of(now, next);
            if (old.isolated()) {
                assertThat(now.shopsets()).as("an isolated shop keeps its dedicated ShopSet").isEqualTo(old.shopsets());
            }
            if (oldList.stream().noneMatch(t.failed()::contains)) {
                assertThat(now).as("a shop with no failed replica is untouched").isEqualTo(old);
                continue;
            }
            final List<String> survivors = oldList.stream().filter(n -> !t.failed().contains(n)).toList();
            final List<Move> moves = movesByShop.getOrDefault(old.id(), List.of());
            if (moves.isEmpty()) {
                assertThat(now).as("nothing moves for %s", old.id()).isEqualTo(old);
            } else {
                assertThat(newList.subList(0, survivors.size())).as("survivors first, in order").isEqualTo(survivors);
            }
            final Set<String> survivorDomains = new HashSet<>();
            for (String s : survivors) {
                survivorDomains.add(sets.get(s).failureDomain());
            }
            for (Move m : moves) {
                final ShopSet to = sets.get(m.to());
                assertThat(oldList).contains(m.from());
                assertThat(t.failed()).contains(m.from());
                assertThat(newList).contains(m.to()).doesNotContain(m.from());
                assertThat(to.dedicated()).isFalse();
                assertThat(to.draining()).isFalse();
                assertThat(t.failed()).doesNotContain(m.to());
                assertThat(t.unavailable()).doesNotContain(m.to());
                assertThat(to.configuration()).isEqualTo(old.configuration());
                assertThat(to.tier()).isEqualTo(old.tier() != null ? old.tier() : Placer.highestTier(state.tiers()));
                assertThat(survivorDomains).as("a new replica never joins a survivor's domain")
                                           .doesNotContain(to.failureDomain());
            }
            assertThat(newList.stream().map(n -> sets.get(n).failureDomain()).distinct().count())
                    .as("distinct failure domains").isEqualTo(newList.size());
            // A failed ShopSet still listed means no ShopSet was valid for it.
            if (newList.stream().anyMatch(t.failed()::contains)) {
                final Set<String> used = new HashSet<>();
                for (String n : newList) {
                    if (!t.failed().contains(n)) {
                        used.add(sets.get(n).failureDomain());
                    }
                }
                final List<String> valid = Placer.eligible(old, state).stream()
                        .filter(s -> !t.failed().contains(s.name()) && !t.unavailable().contains(s.name())
                                     && !newList.contains(s.name()) && !oldList.contains(s.name())
                                     && !used.contains(s.failureDomain()))
                        .map(ShopSet::name).toList();
                assertThat(valid).as("%s is under-replicated only when nothing can take it", old.id()).isEmpty();
            }
        }
        assertThat(plan.underReplicated()).isEqualTo(UnderReplication.shops(next, Map.of(), t.failed()));
    }

    // ---- rebalancing ----

    @Property(tries = 400)
    void rebalancingRespectsTheBudgetAndTheRulesAndNeverWorsensBalance(@ForAll("topologies") RandomTopology t,
                                                                      @ForAll("budgets") Rebalancer.Budget budget) {
        final RoutingState state = t.state();
        final Rebalancer.Plan plan = Rebalancer.plan(state, t.rates(), budget, t.unavailable());
        final RoutingState next = plan.next();
        Statistics.label("rebalance moves shops").collect(!plan.moves().isEmpty());
        Statistics.label("rebalance moves shops").coverage(c -> c.check(true).percentage(p -> p > 25));
        Statistics.label("budget skips").collect(plan.skipped().maxMoves() + plan.skipped().trafficShare() > 0);
        Statistics.label("budget skips").coverage(c -> c.check(true).percentage(p -> p > 10));

        assertThat(RoutingValidator.validate(next)).as("the next state is valid").isEmpty();
        assertThat(Rebalancer.plan(state, t.rates(), budget, t.unavailable())).as("deterministic").isEqualTo(plan);
        assertThat(plan.moves().size()).as("move budget").isLessThanOrEqualTo(budget.maxMoves());
        double total = 0;
        for (Shop s : state.shops()) {
            total += t.rates().getOrDefault(s.id(), 0.0);
        }
        double moved = 0;
        final Set<String> movedShops = new HashSet<>();
        for (Move m : plan.moves()) {
            assertThat(movedShops.add(m.shop())).as("a shop moves at most once").isTrue();
            moved += t.rates().getOrDefault(m.shop(), 0.0);
        }
        assertThat(moved).as("traffic budget").isLessThanOrEqualTo(budget.maxTrafficShare() * total + 1e-6);

        final Map<String, ShopSet> sets = byName(state);
        final Map<String, Shop> after = shops(next);
        for (Shop old : state.shops()) {
            final Shop now = after.get(old.id());
            if (!movedShops.contains(old.id())) {
                assertThat(now).as("unmoved shops are untouched").isEqualTo(old);
                continue;
            }
            assertThat(old.isolated()).as("isolated shops never move").isFalse();
            final Move m = plan.moves().stream().filter(x -> x.shop().equals(old.id())).findFirst().orElseThrow();
            final List<String> oldList = Placements.of(old, state);
            final List<String> newList = now.shopsets();
            final List<String> expected = new ArrayList<>(oldList);
            expected.set(oldList.indexOf(m.from()), m.to());
            assertThat(newList).as("the new ShopSet takes the old one's place").isEqualTo(expected);
            final ShopSet to = sets.get(m.to());
            assertThat(to.dedicated()).isFalse();
            assertThat(to.draining()).isFalse();
            assertThat(t.unavailable()).doesNotContain(m.to());
            assertThat(to.configuration()).isEqualTo(old.configuration());
            assertThat(to.tier()).isEqualTo(old.tier() != null ? old.tier() : Placer.highestTier(state.tiers()));
            assertThat(newList.stream().map(n -> sets.get(n).failureDomain()).distinct().count())
                    .as("distinct failure domains").isEqualTo(newList.size());
        }
        // Per group (configuration, tier): the most loaded ShopSet per capacity gets no more loaded,
        // the least loaded no less.
        final Map<String, double[]> groupsBefore = spread(state, plan.shopsBefore());
        final Map<String, double[]> groupsAfter = spread(state, plan.shopsAfter());
        for (Map.Entry<String, double[]> e : groupsBefore.entrySet()) {
            final double[] b = e.getValue();
            final double[] a = groupsAfter.get(e.getKey());
            assertThat(a[1]).as("max of %s", e.getKey()).isLessThanOrEqualTo(b[1] + 1e-9);
            assertThat(a[0]).as("min of %s", e.getKey()).isGreaterThanOrEqualTo(b[0] - 1e-9);
        }
    }

    @Property(tries = 200)
    void anUnlimitedRebalanceLeavesNoShopSetTwoShopsAboveAnother(@ForAll("topologies") RandomTopology t) {
        // With equal capacities and no other constraint, repeated rebalances converge: every
        // balanceable ShopSet ends within one shop per unit of capacity of the others it could trade with.
        RoutingState state = t.state();
        for (int round = 0; round < 50; round++) {
            final Rebalancer.Plan plan = Rebalancer.plan(state, t.rates(), new Rebalancer.Budget(10_000, 1.0),
                                                         t.unavailable());
            if (plan.moves().isEmpty()) {
                break;
            }
            state = plan.next();
        }
        assertThat(Rebalancer.plan(state, t.rates(), new Rebalancer.Budget(10_000, 1.0), t.unavailable()).moves())
                .as("a fixed point within 50 rounds").isEmpty();
        assertThat(RoutingValidator.validate(state)).isEmpty();
    }

    // ---- what-if ----

    @Property(tries = 400)
    void whatIfConservesTrafficAndNeverListsAShopTwice(@ForAll("topologies") RandomTopology t) {
        final RoutingState state = t.state();
        final WhatIf.Result r = WhatIf.of(state, Map.of(), t.failed(), t.rates());
        final Set<String> both = new HashSet<>(r.loseEveryReplica());
        both.retainAll(r.leftOnOne());
        assertThat(both).isEmpty();
        assertThat(new HashSet<>(r.loseEveryReplica())).hasSameSizeAs(r.loseEveryReplica());
        assertThat(new HashSet<>(r.leftOnOne())).hasSameSizeAs(r.leftOnOne());
        double lost = 0;
        for (String shop : r.loseEveryReplica()) {
            lost += t.rates().getOrDefault(shop, 0.0);
        }
        double before = 0;
        double after = 0;
        double beforeOnFailed = 0;
        for (WhatIf.Load l : r.load()) {
            before += l.requestsPerSecondBefore();
            after += l.requestsPerSecondAfter();
            assertThat(t.failed()).doesNotContain(l.shopSet());
        }
        // Traffic that ran on the failed ShopSets either moves to a survivor or is lost.
        final Map<String, Double> servedNow = new HashMap<>();
        for (Shop s : state.shops()) {
            final List<String> candidates = new ArrayList<>(Placements.of(s, state));
            if (s.isolated()) {
                candidates.addAll(s.rememberedShopsets());
            }
            candidates.stream().filter(n -> !byName(state).get(n).draining()).findFirst()
                      .ifPresent(n -> servedNow.merge(n, t.rates().getOrDefault(s.id(), 0.0), Double::sum));
        }
        for (String f : t.failed()) {
            beforeOnFailed += servedNow.getOrDefault(f, 0.0);
        }
        assertThat(after + lost).isCloseTo(before + beforeOnFailed, org.assertj.core.data.Offset.offset(1e-6));
    }

    private static Map<String, double[]> spread(RoutingState state, Map<String, Integer> counts) {
        final Map<String, double[]> out = new HashMap<>();
        for (ShopSet s : state.shopsets()) {
            final Integer c = counts.get(s.name());
            if (c == null) {
                continue;
            }
            final double load = c / Rebalancer.capacity(s);
            final double[] g = out.computeIfAbsent(s.configuration() + '/' + s.tier(),
                                                   k -> new double[] {Double.MAX_VALUE, -1});
            g[0] = Math.min(g[0], load);
            g[1] = Math.max(g[1], load);
        }
        return out;
    }

    private static Map<String, ShopSet> byName(RoutingState state) {
        final Map<String, ShopSet> m = new HashMap<>();
        for (ShopSet s : state.shopsets()) {
            m.put(s.name(), s);
        }
        return m;
    }

    private static Map<String, Shop> shops(RoutingState state) {
        final Map<String, Shop> m = new java.util.LinkedHashMap<>();
        for (Shop s : state.shops()) {
            m.put(s.id(), s);
        }
        return m;
    }
}
