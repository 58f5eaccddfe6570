package io.shopset.routing.place;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;

/**
 * Plans the re-homing of shops off ShopSets that have failed for good (unhealthy longer than the
 * grace period): a pure function of the state; nothing is applied here.
 *
 * <p>Policy: every shop whose placement lists a failed ShopSet gets, for each failed one, the
 * ShopSet the placer picks ({@link Placer#place(String, List, int, Set)}, one replica) among those
 * that may take the shop ({@link Placer#eligible}: its configuration and tier, not dedicated, not
 * draining) that are neither failed nor {@code unavailable} nor already in its placement, outside
 * the failure domains of its surviving replicas. The failed replica is <em>replaced</em>, not kept
 * beside the new one: keeping it would put two replicas in one failure domain whenever the new
 * ShopSet shares the failed one's domain, and a recovered ShopSet fills up again through the
 * rebalance. The new placement is the surviving replicas in their order, then the new ones: the
 * shop keeps serving from the replica it is on, and the new (cold) ShopSet is its standby.
 *
 * <p>When no ShopSet can replace a failed replica, that replica stays where it was (the shop keeps
 * it, and it serves again if the ShopSet recovers) and the shop is under-replicated; a shop for
 * which nothing can be replaced is not touched at all. An isolated shop is never moved to or from a
 * dedicated ShopSet: its remembered placement (its fallback) is re-homed like a placement, and a
 * failed dedicated ShopSet leaves it under-replicated until an operator restores or re-isolates it.
 * Moved shops keep their new placement explicitly.
 */
public final class RehomePlanner {

    /**
     * A re-homing plan.
     *
     * @param next            the state with the moves applied
     * @param moves           one per replaced replica, in state order
     * @param underReplicated shops that still list a failed ShopSet after the plan, in state order
     */
    public record Plan(RoutingState next, List<Move> moves, List<String> underReplicated) {
    }

    private RehomePlanner() {
    }

    /**
     * The plan for the ShopSets named {@code failed} in {@code state}; ShopSets in
     * {@code unavailable} (unhealthy now, not yet failed) are not chosen as targets either.
     */
    public static Plan plan(RoutingState state, Set<String> failed, Set<String> unavailable) {
        if (failed.isEmpty()) {
            return new Plan(state, List.of(), List.of());
        }
        final Topology topology = new Topology(state);
        final List<Move> moves = new ArrayList<>();
        final List<String> under = new ArrayList<>();
        final List<Shop> shops = new ArrayList<>(state.shops().size());
        boolean changed = false;
        for (Shop shop : state.shops()) {
            Shop next = shop;
            boolean stillFailed;
            if (shop.isolated()) {
                final List<String> remembered = shop.rememberedShopsets();
                final List<String> rehomed = rehome(shop, remembered, failed, unavailable, state, topology, moves);
                if (!rehomed.equals(remembered)) {
                    next = Topology.withRemembered(shop, rehomed);
                }
                stillFailed = anyIn(shop.shopsets(), failed) || anyIn(rehomed, failed);
            } else {
                final List<String> placement = Placements.of(shop, state);
                final List<String> rehomed = rehome(shop, placement, failed, unavailable, state, topology, moves);
                if (!rehomed.equals(placement)) {
                    next = Topology.withShopSets(shop, rehomed);
                }
                stillFailed = anyIn(rehomed, failed);
            }
            if (stillFailed) {
                under.add(shop.id());
            }
            changed |= next != shop;
            shops.add(next);
        }
        return new Plan(changed ? Topology.withShops(state, shops) : state, List.copyOf(moves), List.copyOf(under));
    }

    private static List<String> rehome(Shop shop, List<String> placement, Set<String> failed, Set<String> unavailable,
                                       RoutingState state, Topology topology, List<Move> moves) {
        if (!anyIn(placement, failed)) {
            return placement;
        }
        final List<String> survivors = new ArrayList<>(placement.size());
        final Set<String> used = new HashSet<>();
        for (String name : placement) {
            if (!failed.contains(name)) {
                survivors.add(name);
                final String d = topology.domain(name);
                if (d != null) {
                    used.add(d);
                }
            }
        }
        final List<ShopSet> pool = new ArrayList<>();
        for (ShopSet s : Placer.eligible(shop, state)) {
            if (!failed.contains(s.name()) && !unavailable.contains(s.name()) && !placement.contains(s.name())) {
                pool.add(s);
            }
        }
        final List<String> replacements = new ArrayList<>();
        final List<String> kept = new ArrayList<>();
        final List<Move> planned = new ArrayList<>();
        for (String name : placement) {
            if (!failed.contains(name)) {
                continue;
            }
            final List<String> to = Placer.place(shop.id(), pool, 1, used);
            if (to.isEmpty()) {
                kept.add(name);
                continue;
            }
            final String target = to.get(0);
            replacements.add(target);
            used.add(topology.get(target).failureDomain());
            pool.removeIf(s -> s.name().equals(target));
            planned.add(new Move(shop.id(), name, target));
        }
        if (replacements.isEmpty()) {
            return placement;
        }
        final List<String> next = new ArrayList<>(survivors);
        next.addAll(replacements);
        for (String name : kept) {
            // A failed replica nothing replaced stays, unless a new replica took its failure domain.
            final String d = topology.domain(name);
            if (d != null && used.add(d)) {
                next.add(name);
            }
        }
        moves.addAll(planned);
        return List.copyOf(next);
    }

    static boolean anyIn(List<String> names, Set<String> set) {
        for (String n : names) {
            if (set.contains(n)) {
                return true;
            }
        }
        return false;
    }
}
