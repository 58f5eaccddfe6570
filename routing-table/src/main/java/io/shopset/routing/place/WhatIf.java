package io.shopset.routing.place;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;

/**
 * What a failure would do, computed on a state without changing it: which shops would lose every
 * replica, which would be left on one, and how much traffic each surviving ShopSet would take. A
 * pure function.
 *
 * <p>A shop's candidates are those the gateway tries, in order: its placement, then, for an
 * isolated shop, its remembered placement; draining ShopSets are skipped, as the gateway skips
 * them. Its traffic goes to its first candidate now, and to its first candidate that is not failed
 * after (the gateway's failover order; {@code preferLocalFailureDomain} is not modelled). Traffic is
 * {@code rates} (requests per second by shop; a shop without a rate counts as 0 — the gateway's
 * top-shops tracks the busiest shops only).
 */
public final class WhatIf {

    /**
     * The load on one ShopSet that survives.
     *
     * @param shopsBefore shops served from it now (it is their first usable candidate)
     * @param shopsAfter  and after the failure
     */
    public record Load(String shopSet, String failureDomain, double requestsPerSecondBefore,
                       double requestsPerSecondAfter, int shopsBefore, int shopsAfter) {
    }

    /**
     * The answer.
     *
     * @param failed            the ShopSets assumed failed
     * @param loseEveryReplica  shops with no usable candidate left, in state order
     * @param leftOnOne         shops that lose at least one candidate and keep exactly one, in state order
     * @param load              every surviving ShopSet that is not draining, in state order
     */
    public record Result(List<String> failed, List<String> loseEveryReplica, List<String> leftOnOne,
                         List<Load> load) {
    }

    private WhatIf() {
    }

    /** The ShopSets of failure domain {@code domain} in {@code state}, in state order. */
    public static Set<String> shopSetsIn(RoutingState state, String domain) {
        final Set<String> out = new LinkedHashSet<>();
        for (ShopSet s : state.shopsets()) {
            if (s.failureDomain().equals(domain)) {
                out.add(s.name());
            }
        }
        return out;
    }

    /**
     * What losing the ShopSets named {@code failed} would do to {@code state}.
     *
     * @param placements every shop's effective placement (a snapshot's); a shop missing from it is placed here
     */
    public static Result of(RoutingState state, Map<String, List<String>> placements, Set<String> failed,
                            Map<String, Double> rates) {
        final Topology topology = new Topology(state);
        final Map<String, double[]> load = new LinkedHashMap<>();
        for (ShopSet s : state.shopsets()) {
            if (!failed.contains(s.name()) && !s.draining()) {
                load.put(s.name(), new double[4]);
            }
        }
        final List<String> lose = new ArrayList<>();
        final List<String> one = new ArrayList<>();
        for (Shop shop : state.shops()) {
            List<String> placement = placements.get(shop.id());
            if (placement == null) {
                placement = Placements.of(shop, state);
            }
            final Set<String> candidates = new LinkedHashSet<>(placement);
            if (shop.isolated()) {
                candidates.addAll(shop.rememberedShopsets());
            }
            String now = null;
            String after = null;
            int usable = 0;
            int surviving = 0;
            for (String name : candidates) {
                final ShopSet s = topology.get(name);
                if (s == null || s.draining()) {
                    continue;
                }
                usable++;
                if (now == null) {
                    now = name;
                }
                if (!failed.contains(name)) {
                    surviving++;
                    if (after == null) {
                        after = name;
                    }
                }
            }
            if (usable == 0) {
                continue;
            }
            if (surviving == 0) {
                lose.add(shop.id());
            } else if (surviving == 1 && surviving < usable) {
                one.add(shop.id());
            }
            final Double r = rates.get(shop.id());
            final double rate = r == null || r.isNaN() || r < 0 ? 0 : r;
            final double[] before = load.get(now);
            if (before != null) {
                before[0] += rate;
                before[2]++;
            }
            final double[] then = after == null ? null : load.get(after);
            if (then != null) {
                then[1] += rate;
                then[3]++;
            }
        }
        final List<Load> loads = new ArrayList<>(load.size());
        for (Map.Entry<String, double[]> e : load.entrySet()) {
            final double[] v = e.getValue();
            loads.add(new Load(e.getKey(), topology.domain(e.getKey()), v[0], v[1], (int) v[2], (int) v[3]));
        }
        return new Result(List.copyOf(failed), List.copyOf(lose), List.copyOf(one), List.copyOf(loads));
    }
}
