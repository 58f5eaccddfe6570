package io.shopset.routing.place;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.model.Tier;

/**
 * The placer: which ShopSets a shop without an explicit placement runs on.
 *
 * <p>Placement: weighted rendezvous (highest-random-weight) hashing of the shop id against each
 * eligible ShopSet's name, score {@code capacity / -ln(u)} with {@code u} uniform in (0, 1) from a
 * 64-bit hash. The shop takes the highest-scoring ShopSets, skipping any whose failure domain it
 * already has, until it has {@code replicas}. Deterministic, and stable: adding a ShopSet moves
 * only the shops for which the new ShopSet now scores in their top choices, about its fair share
 * (capacity / total capacity) of them; removing one moves only its own shops.
 *
 * <p>A pure function: no state, no I/O. Drain, rebalance and re-homing reuse it.
 */
public final class Placer {

    private Placer() {
    }

    /**
     * The ShopSets that may take {@code shop} when the placer decides: its configuration, its tier
     * (the highest tier when it names none), not dedicated, not draining.
     */
    public static List<ShopSet> eligible(Shop shop, RoutingState state) {
        final String tier = shop.tier() != null ? shop.tier() : highestTier(state.tiers());
        final List<ShopSet> out = new ArrayList<>();
        for (ShopSet s : state.shopsets()) {
            if (!s.dedicated() && !s.draining() && s.configuration().equals(shop.configuration())
                && tier.equals(s.tier())) {
                out.add(s);
            }
        }
        return out;
    }

    /** Whether {@link #eligible} would list any ShopSet for {@code shop}, without making the list. */
    public static boolean anyEligible(Shop shop, RoutingState state) {
        final String tier = shop.tier() != null ? shop.tier() : highestTier(state.tiers());
        for (ShopSet s : state.shopsets()) {
            if (!s.dedicated() && !s.draining() && s.configuration().equals(shop.configuration())
                && tier.equals(s.tier())) {
                return true;
            }
        }
        return false;
    }

    /** The name of the tier with the highest level, or {@code ""} when there are none. */
    public static String highestTier(List<Tier> tiers) {
        Tier best = null;
        for (Tier t : tiers) {
            if (best == null || t.level() > best.level()) {
                best = t;
            }
        }
        return best == null ? "" : best.name();
    }

    /**
     * Up to {@code replicas} of {@code eligible}, in preference order, each in a distinct failure
     * domain. Fewer when the eligible ShopSets span fewer domains.
     */
    public static List<String> place(String shopId, List<ShopSet> eligible, int replicas) {
        return place(shopId, eligible, replicas, Set.of());
    }

    /**
     * As {@link #place(String, List, int)}, never choosing a ShopSet in {@code excludedDomains}.
     * Drain and re-homing use this to keep a shop's remaining replicas' domains free.
     */
    public static List<String> place(String shopId, List<ShopSet> eligible, int replicas,
                                     Set<String> excludedDomains) {
        final int n = eligible.size();
        // Scores, and the ShopSets' positions sorted by them (highest first, ties by name): an
        // insertion sort of ints, as there are a dozen or so, nothing boxed.
        final double[] scores = new double[n];
        final int[] order = new int[n];
        final long idHash = Hashing.prefix(shopId);
        for (int i = 0; i < n; i++) {
            scores[i] = score(idHash, eligible.get(i));
            int at = i;
            while (at > 0 && before(i, order[at - 1], scores, eligible)) {
                order[at] = order[at - 1];
                at--;
            }
            order[at] = i;
        }
        final List<String> chosen = new ArrayList<>(replicas);
        final Set<String> excluded = excludedDomains.isEmpty() ? excludedDomains : new HashSet<>(excludedDomains);
        final String[] taken = new String[Math.max(0, Math.min(replicas, n))];
        for (int i = 0; i < n && chosen.size() < replicas; i++) {
            final ShopSet s = eligible.get(order[i]);
            final String domain = s.failureDomain();
            if (!excluded.isEmpty() && excluded.contains(domain) || taken(taken, chosen.size(), domain)) {
                continue;
            }
            taken[chosen.size()] = domain;
            chosen.add(s.name());
        }
        return chosen;
    }

    /** Whether ShopSet {@code a} comes before {@code b}: a higher score, or the same and a smaller name. */
    private static boolean before(int a, int b, double[] scores, List<ShopSet> eligible) {
        final int c = Double.compare(scores[a], scores[b]);
        return c != 0 ? c > 0 : eligible.get(a).name().compareTo(eligible.get(b).name()) < 0;
    }

    private static boolean taken(String[] domains, int count, String domain) {
        for (int j = 0; j < count; j++) {
            if (Objects.equals(domains[j], domain)) {
                return true;
            }
        }
        return false;
    }

    /** The rendezvous score of {@code shopId} on {@code shopSet}; higher wins. */
    static double score(String shopId, ShopSet shopSet) {
        return score(Hashing.prefix(shopId), shopSet);
    }

    /** As {@link #score(String, ShopSet)}, from the id's {@link Hashing#prefix}. */
    private static double score(long idPrefix, ShopSet shopSet) {
        final long h = Hashing.hash64(idPrefix, shopSet.name());
        // 53 random bits -> u in (0, 1): never 0, so -ln(u) > 0.
        final double u = ((h >>> 11) + 0.5) * 0x1.0p-53;
        return Math.max(shopSet.capacity(), 1e-9) / -Math.log(u);
    }
}
