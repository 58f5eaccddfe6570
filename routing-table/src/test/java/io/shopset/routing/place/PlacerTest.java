package io.shopset.routing.place;

import static io.shopset.routing.Fixtures.dedicated;
import static io.shopset.routing.Fixtures.shopSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.shopset.routing.Fixtures;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.model.Tier;

class PlacerTest {

    private static List<String> ids(int n, String prefix) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    private static Map<String, ShopSet> byName(List<ShopSet> sets) {
        return sets.stream().collect(Collectors.toMap(ShopSet::name, Function.identity()));
    }

    // ---- the rules ----

    @Test
    void isDeterministicAndIndependentOfTheOrderOfTheEligibleShopSets() {
        final List<ShopSet> sets = new ArrayList<>(List.of(shopSet("a1", "dc-a"), shopSet("a2", "dc-a"),
                                                           shopSet("b1", "dc-b"), shopSet("c1", "dc-c", 2)));
        final List<ShopSet> shuffled = new ArrayList<>(sets);
        Collections.shuffle(shuffled, new Random(42));
        Collections.reverse(sets);

        for (String id : ids(2000, "shop-")) {
            final List<String> first = Placer.place(id, sets, 2);
            assertThat(Placer.place(id, sets, 2)).isEqualTo(first);
            assertThat(Placer.place(id, shuffled, 2)).as(id).isEqualTo(first);
        }
    }

    @Test
    void givesEveryShopReplicasEligibleShopSetsInDistinctFailureDomains() {
        final RoutingState state = Fixtures.state()
                .replicas(2)
                .shopsets(shopSet("prod-a1", "dc-a"), shopSet("prod-a2", "dc-a"), shopSet("prod-b1", "dc-b"),
                          shopSet("prod-c1", "dc-c", 3), dedicated("vip-a", "dc-a"), dedicated("vip-d", "dc-d"),
                          shopSet("prod-d1", "dc-d").withDraining(true),
                          shopSet("dev-a1", "dev", "production", "dc-a"), shopSet("dev-b1", "dev", "production", "dc-b"),
                          shopSet("stg-a1", "prod", "staging", "dc-a"), shopSet("stg-b1", "prod", "staging", "dc-b"),
                          shopSet("stg-b2", "prod", "staging", "dc-b"), shopSet("stgdev-c", "dev", "staging", "dc-c"))
                .build();
        final Map<String, ShopSet> sets = byName(state.shopsets());
        final List<Shop> shops = new ArrayList<>();
        for (String id : ids(1000, "s")) {
            shops.add(Shop.of(id));
            shops.add(new Shop(id + "-dev", List.of(), null, "dev", null, null, null));
            shops.add(new Shop(id + "-stg", List.of(), "staging", null, null, null, null));
            shops.add(new Shop(id + "-stgdev", List.of(), "staging", "dev", null, null, null));
        }

        for (Shop shop : shops) {
            final String tier = shop.tier() != null ? shop.tier() : "prod";
            final long domains = Placer.eligible(shop, state).stream().map(ShopSet::failureDomain).distinct().count();
            final List<ShopSet> placed = Placements.of(shop, state).stream().map(sets::get).toList();

            assertThat(placed).as(shop.id()).hasSize((int) Math.min(2, domains));
            assertThat(placed).extracting(ShopSet::failureDomain).as(shop.id()).doesNotHaveDuplicates();
            assertThat(placed).as(shop.id()).allSatisfy(s -> {
                assertThat(s.configuration()).isEqualTo(shop.configuration());
                assertThat(s.tier()).isEqualTo(tier);
                assertThat(s.dedicated()).isFalse();
                assertThat(s.draining()).isFalse();
            });
        }
    }

    @Test
    void placesFewerShopSetsThanReplicasWhenFailureDomainsAreFewer() {
        final List<ShopSet> sets = List.of(shopSet("a1", "dc-a"), shopSet("a2", "dc-a"), shopSet("a3", "dc-a"),
                                           shopSet("b1", "dc-b"), shopSet("b2", "dc-b"));
        for (String id : ids(500, "s")) {
            final List<String> placed = Placer.place(id, sets, 3);
            assertThat(placed).hasSize(2);
            assertThat(placed).extracting(n -> n.substring(0, 1)).containsExactlyInAnyOrder("a", "b");
        }
    }

    @Test
    void placesNothingWhenNoShopSetIsEligible() {
        assertThat(Placer.place("s", List.of(), 2)).isEmpty();
        final RoutingState state = Fixtures.state().shopsets(dedicated("vip", "dc-a")).build();
        assertThat(Placer.eligible(Shop.of("s"), state)).isEmpty();
        assertThat(Placements.of(Shop.of("s"), state)).isEmpty();
    }

    @Test
    void neverChoosesAnExcludedFailureDomain() {
        final List<ShopSet> sets = List.of(shopSet("a1", "dc-a", 10), shopSet("b1", "dc-b"), shopSet("c1", "dc-c"));
        for (String id : ids(500, "s")) {
            assertThat(Placer.place(id, sets, 2, Set.of("dc-a"))).containsExactlyInAnyOrder("b1", "c1");
        }
    }

    @Test
    void keepsShopsWithoutATierToTheHighestTier() {
        final List<Tier> tiers = List.of(new Tier("beta", 10), new Tier("prod", 30), new Tier("dev", 0));
        assertThat(Placer.highestTier(tiers)).isEqualTo("prod");
        assertThat(Placer.highestTier(List.of())).isEmpty();
    }

    @Test
    void takesAnExplicitPlacementAsWrittenAndListsShopsInStateOrder() {
        final RoutingState state = Fixtures.state()
                .shopsets(shopSet("a", "dc-a"), shopSet("b", "dc-b"), shopSet("c", "dc-c"))
                .shops(Fixtures.placedShop("z", List.of("c", "a")), Shop.of("y"), Fixtures.placedShop("x", List.of("b")))
                .build();

        final Map<String, List<String>> all = Placements.all(state);

        assertThat(all.keySet()).containsExactly("z", "y", "x");
        assertThat(all.get("z")).containsExactly("c", "a");
        assertThat(all.get("x")).containsExactly("b");
        assertThat(all.get("y")).hasSize(2).isEqualTo(Placer.place("y", state.shopsets(), 2));
    }

    // ---- capacity ----

    @Test
    void givesAShopSetOfDoubleCapacityAboutTwiceTheFirstChoices() {
        final List<ShopSet> sets = List.of(shopSet("big", "dc-a", 2), shopSet("small", "dc-b", 1));
        final int n = 20_000;
        long bigFirst = 0;
        for (String id : ids(n, "shop-")) {
            if (Placer.place(id, sets, 2).get(0).equals("big")) {
                bigFirst++;
            }
        }
        assertThat((double) bigFirst / n).isCloseTo(2.0 / 3, within(0.02));
    }

    @Test
    void spreadsSingleReplicaShopsInProportionToCapacity() {
        final List<ShopSet> sets = List.of(shopSet("a", "dc-a", 1), shopSet("b", "dc-b", 1), shopSet("c", "dc-c", 2));
        final int n = 20_000;
        final Map<String, Integer> counts = new HashMap<>();
        for (String id : ids(n, "shop-")) {
            counts.merge(Placer.place(id, sets, 1).get(0), 1, Integer::sum);
        }
        assertThat(counts.get("a") / (double) n).isCloseTo(0.25, within(0.02));
        assertThat(counts.get("b") / (double) n).isCloseTo(0.25, within(0.02));
        assertThat(counts.get("c") / (double) n).isCloseTo(0.50, within(0.02));
    }

    @Test
    void weighsShopSetsByCapacityWithinAFailureDomain() {
        final List<ShopSet> sets = List.of(shopSet("a-big", "dc-a", 3), shopSet("a-small", "dc-a", 1),
                                           shopSet("b", "dc-b", 1));
        final int n = 20_000;
        long onBig = 0;
        for (String id : ids(n, "shop-")) {
            final List<String> placed = Placer.place(id, sets, 2);
            assertThat(placed).contains("b");
            if (placed.contains("a-big")) {
                onBig++;
            }
        }
        assertThat((double) onBig / n).isCloseTo(0.75, within(0.02));
    }

    // ---- stability ----

    /** A random topology of ordinary ShopSets, plus some the placer must ignore. */
    private record Topology(int replicas, List<ShopSet> sets, List<ShopSet> noise, List<String> shops) {

        static Topology random(long seed, int shopCount) {
            final Random rnd = new Random(seed);
            final double[] capacities = { 0.5, 1, 1, 2, 3 };
            final List<ShopSet> sets = new ArrayList<>();
            final int domains = 2 + rnd.nextInt(4);
            for (int d = 0; d < domains; d++) {
                final int perDomain = 1 + rnd.nextInt(4);
                for (int k = 0; k < perDomain; k++) {
                    sets.add(shopSet("ss-" + d + "-" + k, "dc-" + d, capacities[rnd.nextInt(capacities.length)]));
                }
            }
            final List<ShopSet> noise = List.of(dedicated("vip-0", "dc-0"), shopSet("drained", "dc-1").withDraining(true),
                                                shopSet("stg-0", "prod", "staging", "dc-0"),
                                                shopSet("dev-1", "dev", "production", "dc-1"));
            final List<String> shops = new ArrayList<>(shopCount);
            for (int i = 0; i < shopCount; i++) {
                shops.add("shop-" + i + "-" + Long.toHexString(rnd.nextLong()));
            }
            return new Topology(1 + rnd.nextInt(3), sets, noise, shops);
        }

        Map<String, List<String>> placements(List<ShopSet> ordinary) {
            final List<ShopSet> all = new ArrayList<>(ordinary);
            all.addAll(noise);
            final RoutingState state = Fixtures.state().replicas(replicas).shopsets(all)
                    .shops(shops.stream().map(Shop::of).toList()).build();
            return Placements.all(state);
        }
    }

    /**
     * The share of shops a new ShopSet {@code x} should get: the chance that a shop has a replica
     * in x's failure domain (domains race with the sum of their capacities; a shop takes the first
     * {@code replicas} of them), times x's share of that domain's capacity. With equal domains this
     * is {@code replicas * capacity / total capacity}.
     */
    static double fairShare(List<ShopSet> sets, ShopSet x, int replicas) {
        final Map<String, Double> domains = new LinkedHashMap<>();
        for (ShopSet s : sets) {
            domains.merge(s.failureDomain(), s.capacity(), Double::sum);
        }
        return inclusion(domains, x.failureDomain(), replicas) * x.capacity() / domains.get(x.failureDomain());
    }

    /** P(domain d is among the first r drawn without replacement, weights w). */
    private static double inclusion(Map<String, Double> w, String d, int r) {
        if (r <= 0 || !w.containsKey(d)) {
            return 0;
        }
        final double total = w.values().stream().mapToDouble(Double::doubleValue).sum();
        double p = w.get(d) / total;
        for (Map.Entry<String, Double> e : w.entrySet()) {
            if (!e.getKey().equals(d)) {
                final Map<String, Double> rest = new LinkedHashMap<>(w);
                rest.remove(e.getKey());
                p += e.getValue() / total * inclusion(rest, d, r - 1);
            }
        }
        return p;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = { 1, 2, 3, 5, 8, 13, 21, 34 })
    void addingAShopSetMovesOnlyAboutItsFairShareOfShopsAndOnlyOntoIt(long seed) {
        final Topology topo = Topology.random(seed, 4000);
        final Random rnd = new Random(seed * 31 + 7);
        final boolean newDomain = rnd.nextInt(3) == 0;
        final String domain = newDomain ? "dc-new" : topo.sets().get(rnd.nextInt(topo.sets().size())).failureDomain();
        final ShopSet x = shopSet("added", domain, new double[] { 0.5, 1, 2 }[rnd.nextInt(3)]);
        final List<ShopSet> after = new ArrayList<>(topo.sets());
        after.add(rnd.nextInt(after.size() + 1), x);

        final Map<String, List<String>> before = topo.placements(topo.sets());
        final Map<String, List<String>> now = topo.placements(after);

        int moved = 0;
        for (String shop : topo.shops()) {
            final List<String> old = before.get(shop);
            final List<String> placed = now.get(shop);
            if (old.equals(placed)) {
                continue;
            }
            moved++;
            assertThat(placed).as("moved shop %s", shop).contains("added");
            final Set<String> gained = new HashSet<>(placed);
            gained.removeAll(old);
            final Set<String> lost = new HashSet<>(old);
            lost.removeAll(placed);
            assertThat(gained).as("shop %s gains only the new ShopSet", shop).containsExactly("added");
            assertThat(lost).as("shop %s loses at most one ShopSet", shop).hasSizeLessThanOrEqualTo(1);
        }
        final double movedFraction = (double) moved / topo.shops().size();
        final double fair = fairShare(after, x, topo.replicas());
        assertThat(movedFraction).as("moved fraction (fair share %.3f)", fair).isLessThanOrEqualTo(fair * 1.5 + 0.01);
        assertThat(movedFraction).as("moved fraction (fair share %.3f)", fair).isGreaterThanOrEqualTo(fair * 0.5 - 0.01);
    }

    @Test
    void addingAFifthEqualShopSetInANewDomainMovesAboutTwoFifthsOfTwoReplicaShops() {
        final List<ShopSet> four = List.of(shopSet("a", "dc-a"), shopSet("b", "dc-b"), shopSet("c", "dc-c"),
                                           shopSet("d", "dc-d"));
        final List<ShopSet> five = new ArrayList<>(four);
        five.add(shopSet("e", "dc-e"));
        final List<String> shops = ids(20_000, "shop-");

        final long moved = shops.stream().filter(s -> !Placer.place(s, four, 2).equals(Placer.place(s, five, 2))).count();

        assertThat(fairShare(five, five.get(4), 2)).isCloseTo(0.4, within(1e-9));
        assertThat((double) moved / shops.size()).isCloseTo(0.4, within(0.02));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = { 1, 2, 3, 5, 8, 13, 21, 34 })
    void removingAShopSetMovesOnlyTheShopsThatWereOnItAndKeepsTheirOtherReplicas(long seed) {
        final Topology topo = Topology.random(seed, 4000);
        final Random rnd = new Random(seed * 17 + 3);
        final ShopSet removed = topo.sets().get(rnd.nextInt(topo.sets().size()));
        final List<ShopSet> after = new ArrayList<>(topo.sets());
        after.remove(removed);

        final Map<String, List<String>> before = topo.placements(topo.sets());
        final Map<String, List<String>> now = topo.placements(after);

        final Set<String> wereOnIt = new HashSet<>();
        final Set<String> moved = new HashSet<>();
        for (String shop : topo.shops()) {
            if (before.get(shop).contains(removed.name())) {
                wereOnIt.add(shop);
            }
            if (!before.get(shop).equals(now.get(shop))) {
                moved.add(shop);
                final List<String> kept = new ArrayList<>(before.get(shop));
                kept.remove(removed.name());
                assertThat(now.get(shop)).as(shop).containsAll(kept).doesNotContain(removed.name());
            }
        }
        assertThat(moved).isEqualTo(wereOnIt);
    }
}
