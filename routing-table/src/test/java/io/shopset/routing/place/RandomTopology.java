package io.shopset.routing.place;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import io.shopset.routing.model.DefaultLimits;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.FailureDomain;
import io.shopset.routing.model.HealthCheck;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.model.Tier;

/**
 * Random valid topologies for the planners' property tests: 1–4 failure domains, 1–4 ShopSets each
 * (tiers dev/prod, configurations production/staging, some dedicated, some draining, 1–4 endpoints,
 * capacity weights 0.5–2), up to 150 shops (placed by the placer, placed explicitly with a skew
 * towards a few ShopSets so there is something to rebalance, or isolated), random rates, and a
 * random set of failed and unavailable ShopSets. The sizes shrink; the rest comes from a seed.
 */
record RandomTopology(RoutingState state, Map<String, Double> rates, Set<String> failed, Set<String> unavailable,
                      long seed) {

    static Arbitrary<RandomTopology> arbitrary() {
        return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 4),
                                   Arbitraries.integers().between(0, 150), Arbitraries.integers().between(1, 3),
                                   Arbitraries.longs())
                          .as(RandomTopology::generate);
    }

    static RandomTopology generate(int domains, int perDomain, int shopCount, int replicas, long seed) {
        final Random rnd = new Random(seed);
        final List<Tier> tiers = List.of(new Tier("dev", 0), new Tier("prod", 30));
        final List<FailureDomain> fds = new ArrayList<>();
        final List<ShopSet> sets = new ArrayList<>();
        int port = 10_000;
        for (int d = 0; d < domains; d++) {
            fds.add(new FailureDomain("dc-" + d));
            for (int k = 0; k < perDomain; k++) {
                final List<Endpoint> eps = new ArrayList<>();
                final int n = 1 + rnd.nextInt(4);
                for (int e = 0; e < n; e++) {
                    eps.add(new Endpoint("127.0.0.1", port++));
                }
                sets.add(new ShopSet("s" + d + "-" + k, rnd.nextInt(5) == 0 ? "dev" : "prod",
                                     rnd.nextInt(6) == 0 ? "staging" : "production", "dc-" + d,
                                     rnd.nextInt(10) == 0, eps, HealthCheck.DEFAULT,
                                     new double[] {0.5, 1, 2}[rnd.nextInt(3)], rnd.nextInt(10) == 0));
            }
        }
        final RoutingState bare = new RoutingState(List.of("shops.test"), replicas, tiers, fds, sets, List.of(),
                                                   DefaultLimits.DEFAULT);
        final List<Shop> shops = new ArrayList<>();
        final Map<String, Double> rates = new HashMap<>();
        for (int i = 0; i < shopCount; i++) {
            final String id = "shop-" + i;
            final String configuration = rnd.nextInt(6) == 0 ? "staging" : "production";
            final String tier = rnd.nextInt(3) == 0 ? (rnd.nextBoolean() ? "dev" : "prod") : null;
            final Shop probe = new Shop(id, List.of(), configuration, tier, null, null, null);
            final int kind = rnd.nextInt(10);
            final List<String> explicit = explicit(rnd, sets, configuration, 1 + rnd.nextInt(replicas));
            Shop shop = null;
            if (kind == 0) {
                final List<ShopSet> dedicated = sets.stream()
                        .filter(s -> s.dedicated() && s.configuration().equals(configuration)).toList();
                if (!dedicated.isEmpty() && !explicit.isEmpty()) {
                    shop = new Shop(id, List.of(), configuration, tier,
                                    List.of(dedicated.get(rnd.nextInt(dedicated.size())).name()), null, explicit);
                }
            } else if (kind < 6 && !explicit.isEmpty()) {
                shop = new Shop(id, List.of(), configuration, tier, explicit, null, null);
            }
            if (shop == null && !Placer.eligible(probe, bare).isEmpty()) {
                shop = probe;
            }
            if (shop == null) {
                continue;
            }
            shops.add(shop);
            if (rnd.nextInt(10) < 7) {
                final double u = rnd.nextDouble();
                rates.put(id, u * u * u * 1000);
            }
        }
        final Set<String> failed = new LinkedHashSet<>();
        final Set<String> unavailable = new LinkedHashSet<>();
        if (rnd.nextInt(4) == 0 && domains > 1) {
            failed.addAll(WhatIf.shopSetsIn(bare, "dc-" + rnd.nextInt(domains)));
        }
        for (ShopSet s : sets) {
            final int r = rnd.nextInt(8);
            if (r == 0) {
                failed.add(s.name());
            } else if (r == 1 && !failed.contains(s.name())) {
                unavailable.add(s.name());
            }
        }
        final RoutingState state = new RoutingState(List.of("shops.test"), replicas, tiers, fds, sets, shops,
                                                    DefaultLimits.DEFAULT);
        return new RandomTopology(state, Map.copyOf(rates), Set.copyOf(failed), Set.copyOf(unavailable), seed);
    }

    /**
     * Up to {@code n} non-dedicated ShopSets of {@code configuration} in distinct domains, any tier,
     * draining ones included, skewed towards the first few by name.
     */
    private static List<String> explicit(Random rnd, List<ShopSet> sets, String configuration, int n) {
        final List<ShopSet> pool = new ArrayList<>(sets.stream()
                .filter(s -> !s.dedicated() && s.configuration().equals(configuration)).toList());
        pool.sort(Comparator.comparing(ShopSet::name));
        final List<String> out = new ArrayList<>();
        final Set<String> domains = new HashSet<>();
        for (int tries = 0; tries < 4 * n && out.size() < n && !pool.isEmpty(); tries++) {
            final int bound = rnd.nextInt(3) == 0 ? pool.size() : Math.min(2, pool.size());
            final ShopSet s = pool.get(rnd.nextInt(bound));
            if (domains.add(s.failureDomain())) {
                out.add(s.name());
            }
            pool.remove(s);
        }
        return out;
    }

    @Override
    public String toString() {
        return "RandomTopology[seed=" + seed + ", shopsets=" + state.shopsets().size() + ", shops=" +
               state.shops().size() + ", replicas=" + state.replicas() + ", failed=" + failed + ", unavailable=" +
               unavailable + ']';
    }
}
