package io.shopset.routing.place;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;

/**
 * Plans a rebalance: evens out shops across ShopSets by capacity, within a move budget. A pure
 * function of the state and the shops' recent request rates; nothing is applied here.
 *
 * <p><b>What is balanced.</b> Every entry of a shop's placement counts one on its ShopSet (a shop
 * on {@code [prod-a, prod-b]} counts on both). ShopSets are balanced within their group — same
 * configuration and tier — among the <em>balanceable</em> ones: not dedicated, not draining, not
 * {@code unavailable} (unhealthy now), with a capacity above zero. A ShopSet's capacity is its
 * endpoint count times its {@code capacity} weight (default 1), so a ShopSet with twice the pods
 * gets twice the shops. Its target is the group's shop entries × its share of the group's capacity.
 *
 * <p><b>Which shops move.</b> Candidates are the entries on ShopSets above their target, coldest
 * shop first (by {@code rates}; a shop without a rate counts as 0), then standby entries before the
 * one serving, then by shop id. An entry moves to the balanceable ShopSet that ends up least loaded
 * per capacity among those that may take it: the shop's configuration and tier (as
 * {@link Placer#eligible}) and the source's group, not already in its placement, in a failure domain none of its other
 * replicas is in — and only when, after the move, the target is no more loaded per capacity than the
 * source, so a move never makes things worse and moves never go back and forth. The new ShopSet
 * takes the old one's place in the shop's order. A shop moves at most once per call. Isolated shops
 * never move.
 *
 * <p><b>Budget.</b> At most {@code maxMoves} moves, and the moved shops' rates add up to at most
 * {@code maxTrafficShare} of all shops' rates (a moved shop counts its whole rate, whichever entry
 * moves). A candidate over either limit is skipped and counted; later, colder-first order means
 * hot shops are the ones left in place.
 */
public final class Rebalancer {

    /**
     * How much one rebalance may move.
     *
     * @param maxMoves        shops moved at most (≥ 0)
     * @param maxTrafficShare the moved shops' share of all traffic at most, 0 to 1
     */
    public record Budget(int maxMoves, double maxTrafficShare) {

        public Budget {
            if (maxMoves < 0) {
                throw new IllegalArgumentException("maxMoves " + maxMoves + " < 0");
            }
            if (!(maxTrafficShare >= 0 && maxTrafficShare <= 1)) {
                throw new IllegalArgumentException("maxTrafficShare " + maxTrafficShare + " not in [0, 1]");
            }
        }
    }

    /**
     * Candidates left in place, by why.
     *
     * @param maxMoves      would have moved, but the move budget was spent (a later call moves them)
     * @param trafficShare  would have moved, but its rate did not fit the traffic budget
     * @param noValidTarget on a ShopSet above its target, but the rules let no balanceable ShopSet take it
     */
    public record Skipped(int maxMoves, int trafficShare, int noValidTarget) {
    }

    /**
     * A rebalance plan.
     *
     * @param next         the state with the moves applied
     * @param moves        in the order they were chosen (coldest first)
     * @param movedShare   the moved shops' share of all traffic (0 when there is no traffic)
     * @param shopsBefore  shop entries per balanceable ShopSet before
     * @param shopsAfter   and after
     */
    public record Plan(RoutingState next, List<Move> moves, Skipped skipped, double movedShare,
                       Map<String, Integer> shopsBefore, Map<String, Integer> shopsAfter) {
    }

    private record Candidate(Shop shop, int index, String from, double rate, int position) {
    }

    private Rebalancer() {
    }

    /** A ShopSet's weight for balancing: endpoints × capacity weight. */
    public static double capacity(ShopSet s) {
        return s.endpoints().size() * Math.max(0, s.capacity());
    }

    /** The plan for {@code state} with {@code rates} (requests per second by shop id) within {@code budget}. */
    public static Plan plan(RoutingState state, Map<String, Double> rates, Budget budget, Set<String> unavailable) {
        final Map<String, ShopSet> balanceable = new HashMap<>();
        for (ShopSet s : state.shopsets()) {
            if (!s.dedicated() && !s.draining() && !unavailable.contains(s.name()) && capacity(s) > 0) {
                balanceable.put(s.name(), s);
            }
        }
        final Topology topology = new Topology(state);
        final List<Shop> shops = new ArrayList<>(state.shops());
        final List<List<String>> placements = new ArrayList<>(shops.size());
        final Map<String, Integer> count = new HashMap<>();
        for (String name : balanceable.keySet()) {
            count.put(name, 0);
        }
        double totalRate = 0;
        for (Shop shop : shops) {
            final List<String> p = Placements.of(shop, state);
            placements.add(p);
            for (String name : p) {
                count.computeIfPresent(name, (k, v) -> v + 1);
            }
            totalRate += rate(rates, shop.id());
        }
        final Map<String, Integer> before = Map.copyOf(count);
        final Map<String, Double> target = targets(balanceable, count);

        final List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < shops.size(); i++) {
            final Shop shop = shops.get(i);
            if (shop.isolated()) {
                continue;
            }
            final List<String> p = placements.get(i);
            for (int pos = 0; pos < p.size(); pos++) {
                final String from = p.get(pos);
                if (balanceable.containsKey(from) && count.get(from) > target.get(from)) {
                    candidates.add(new Candidate(shop, i, from, rate(rates, shop.id()), pos));
                }
            }
        }
        candidates.sort(Comparator.comparingDouble(Candidate::rate)
                                  .thenComparing(Comparator.comparingInt(Candidate::position).reversed())
                                  .thenComparing(c -> c.shop().id())
                                  .thenComparing(Candidate::from));

        final List<Move> moves = new ArrayList<>();
        final Set<String> moved = new HashSet<>();
        int skippedMoves = 0;
        int skippedTraffic = 0;
        int noTarget = 0;
        double movedRate = 0;
        final double rateBudget = budget.maxTrafficShare() * totalRate;
        final Map<String, List<ShopSet>> eligibleCache = new HashMap<>();
        Map<String, Integer> after = null;
        for (Candidate c : candidates) {
            final String from = c.from();
            if (moved.contains(c.shop().id()) || count.get(from) <= target.get(from)) {
                continue;
            }
            final List<String> p = placements.get(c.index());
            final String to = bestTarget(c.shop(), p, from, state, balanceable, count, topology, eligibleCache);
            if (to == null || to.equals(BALANCED)) {
                if (to == null) {
                    noTarget++;
                }
                continue;
            }
            final boolean overMoves = moves.size() >= budget.maxMoves();
            if (overMoves || movedRate + c.rate() > rateBudget) {
                // Candidates come coldest first, so once one is over budget every later one is too:
                // from here on the counts only play the moves through, to count what a larger budget would move.
                if (after == null) {
                    after = Map.copyOf(count);
                }
                if (overMoves) {
                    skippedMoves++;
                } else {
                    skippedTraffic++;
                }
                count.merge(from, -1, Integer::sum);
                count.merge(to, 1, Integer::sum);
                moved.add(c.shop().id());
                continue;
            }
            final List<String> next = new ArrayList<>(p);
            next.set(c.position(), to);
            placements.set(c.index(), List.copyOf(next));
            shops.set(c.index(), Topology.withShopSets(c.shop(), next));
            count.merge(from, -1, Integer::sum);
            count.merge(to, 1, Integer::sum);
            moved.add(c.shop().id());
            movedRate += c.rate();
            moves.add(new Move(c.shop().id(), from, to));
        }
        final RoutingState next = moves.isEmpty() ? state : Topology.withShops(state, shops);
        return new Plan(next, List.copyOf(moves), new Skipped(skippedMoves, skippedTraffic, noTarget),
                        totalRate > 0 ? movedRate / totalRate : 0, before, after != null ? after : Map.copyOf(count));
    }

    /** Each balanceable ShopSet's fair number of shop entries within its group (configuration, tier). */
    private static Map<String, Double> targets(Map<String, ShopSet> balanceable, Map<String, Integer> count) {
        final Map<String, double[]> groups = new HashMap<>();
        for (ShopSet s : balanceable.values()) {
            final double[] g = groups.computeIfAbsent(group(s), k -> new double[2]);
            g[0] += count.get(s.name());
            g[1] += capacity(s);
        }
        final Map<String, Double> out = new HashMap<>();
        for (ShopSet s : balanceable.values()) {
            final double[] g = groups.get(group(s));
            out.put(s.name(), g[0] * capacity(s) / g[1]);
        }
        return out;
    }

    private static String group(ShopSet s) {
        return s.configuration() + '\u0000' + s.tier();
    }

    /** {@link #bestTarget}'s answer when ShopSets may take the shop but none would end up less loaded. */
    private static final String BALANCED = "";

    /** The best ShopSet for the entry, {@link #BALANCED}, or {@code null} when the rules allow none. */
    private static @Nullable String bestTarget(Shop shop, List<String> placement, String from, RoutingState state,
                                     Map<String, ShopSet> balanceable, Map<String, Integer> count, Topology topology,
                                     Map<String, List<ShopSet>> eligibleCache) {
        final Set<String> otherDomains = new HashSet<>();
        for (String name : placement) {
            if (!name.equals(from)) {
                final String d = topology.domain(name);
                if (d != null) {
                    otherDomains.add(d);
                }
            }
        }
        final ShopSet source = balanceable.get(from);
        final double fromAfter = (count.get(from) - 1) / capacity(source);
        final List<ShopSet> eligible = eligibleCache.computeIfAbsent(
                shop.configuration() + '\u0000' + (shop.tier() == null ? "" : shop.tier()),
                k -> Placer.eligible(shop, state));
        ShopSet best = null;
        double bestLoad = Double.MAX_VALUE;
        boolean allowed = false;
        for (ShopSet t : eligible) {
            if (!balanceable.containsKey(t.name()) || !group(t).equals(group(source))
                || placement.contains(t.name()) || otherDomains.contains(t.failureDomain())) {
                continue;
            }
            allowed = true;
            final double toAfter = (count.get(t.name()) + 1) / capacity(t);
            if (toAfter > fromAfter + 1e-12) {
                continue;
            }
            if (toAfter < bestLoad - 1e-12 || (Math.abs(toAfter - bestLoad) <= 1e-12
                                               && t.name().compareTo(best.name()) < 0)) {
                best = t;
                bestLoad = toAfter;
            }
        }
        if (best == null) {
            return allowed ? BALANCED : null;
        }
        return best.name();
    }

    private static double rate(Map<String, Double> rates, String shop) {
        final Double r = rates.get(shop);
        return r == null || r.isNaN() || r < 0 ? 0 : r;
    }
}
