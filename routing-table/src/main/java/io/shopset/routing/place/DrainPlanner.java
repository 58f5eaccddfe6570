package io.shopset.routing.place;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;

/**
 * Plans a drain: which shops leave the drained ShopSets and where they go. A pure function of the
 * state; nothing is applied here.
 *
 * <p>Policy: the drained ShopSets are marked {@code draining} (so the placer never chooses them).
 * Every shop whose placement lists one of them gets, in its place, the ShopSet the placer picks
 * ({@link Placer#place(String, List, int, Set)} with one replica) among those that may take the
 * shop (its configuration and tier, not dedicated, not draining, not already in its placement),
 * excluding the failure domains of its other replicas: a drain never puts two replicas of a shop in
 * one failure domain. A shop isolated on a drained dedicated ShopSet moves to another dedicated
 * ShopSet of its configuration. When no ShopSet can take it, the shop keeps its other replicas and
 * is under-replicated; when it has none left, it is stranded (the caller refuses the drain). Moved
 * shops keep their new placement explicitly: undraining makes a ShopSet eligible again without
 * moving shops back (that is the rebalance's job).
 */
public final class DrainPlanner {

    /** One shop leaving a drained ShopSet for {@code to}. */
    public record Move(String shop, String from, String to) {
    }

    /**
     * A drain's plan.
     *
     * @param next            the state with the ShopSets draining and the moves applied
     * @param underReplicated shops that lost a replica with no replacement, in state order
     * @param stranded        shops that would be left with no ShopSet at all (the drain must be refused)
     */
    public record Plan(RoutingState next, List<Move> moves, List<String> underReplicated, List<String> stranded) {
    }

    private DrainPlanner() {
    }

    /** The plan for draining the ShopSets named {@code drained} in {@code state}. */
    public static Plan plan(RoutingState state, Set<String> drained) {
        final RoutingState marked = withDraining(state, drained, true);
        final Map<String, ShopSet> byName = byName(marked);
        final List<Move> moves = new ArrayList<>();
        final List<String> under = new ArrayList<>();
        final List<String> stranded = new ArrayList<>();
        final List<Shop> shops = new ArrayList<>(state.shops().size());
        for (Shop shop : state.shops()) {
            final List<String> placement = Placements.of(shop, state);
            if (placement.stream().noneMatch(drained::contains)) {
                shops.add(shop);
                continue;
            }
            final List<String> next = replace(shop, placement, drained, marked, byName, moves);
            if (next.isEmpty()) {
                stranded.add(shop.id());
            } else if (next.size() < placement.size()) {
                under.add(shop.id());
            }
            shops.add(shop.withPlacement(next, shop.rememberedShopsets()));
        }
        return new Plan(withShops(marked, shops), List.copyOf(moves), List.copyOf(under), List.copyOf(stranded));
    }

    /**
     * {@code placement} with each ShopSet that is draining in {@code state} replaced as a drain
     * would replace it (or dropped when nothing can take its place). Restore uses this so a shop
     * does not return to a ShopSet drained while it was isolated.
     */
    public static List<String> withoutDraining(Shop shop, List<String> placement, RoutingState state) {
        final Set<String> draining = new HashSet<>();
        for (ShopSet s : state.shopsets()) {
            if (s.draining()) {
                draining.add(s.name());
            }
        }
        if (placement.stream().noneMatch(draining::contains)) {
            return placement;
        }
        return replace(shop, placement, draining, state, byName(state), new ArrayList<>());
    }

    /** {@code state} with the ShopSets named {@code names} marked draining (or not). */
    public static RoutingState withDraining(RoutingState state, Set<String> names, boolean draining) {
        final List<ShopSet> sets = new ArrayList<>(state.shopsets().size());
        for (ShopSet s : state.shopsets()) {
            sets.add(names.contains(s.name()) && s.draining() != draining ? s.withDraining(draining) : s);
        }
        return new RoutingState(state.platformDomains(), state.replicas(), state.tiers(), state.failureDomains(),
                                sets, state.shops(), state.limits());
    }

    private static List<String> replace(Shop shop, List<String> placement, Set<String> drained, RoutingState marked,
                                        Map<String, ShopSet> byName, List<Move> moves) {
        final Set<String> usedDomains = new HashSet<>();
        for (String name : placement) {
            final ShopSet s = byName.get(name);
            if (s != null && !drained.contains(name)) {
                usedDomains.add(s.failureDomain());
            }
        }
        final List<String> next = new ArrayList<>(placement.size());
        for (String name : placement) {
            if (!drained.contains(name)) {
                next.add(name);
                continue;
            }
            final ShopSet from = byName.get(name);
            final List<ShopSet> candidates = new ArrayList<>();
            for (ShopSet c : from != null && from.dedicated() ? dedicated(shop, marked) : Placer.eligible(shop, marked)) {
                if (!placement.contains(c.name()) && !next.contains(c.name())) {
                    candidates.add(c);
                }
            }
            final List<String> chosen = Placer.place(shop.id(), candidates, 1, usedDomains);
            if (!chosen.isEmpty()) {
                final String to = chosen.get(0);
                next.add(to);
                usedDomains.add(byName.get(to).failureDomain());
                moves.add(new Move(shop.id(), name, to));
            }
        }
        return List.copyOf(next);
    }

    private static List<ShopSet> dedicated(Shop shop, RoutingState state) {
        final List<ShopSet> out = new ArrayList<>();
        for (ShopSet s : state.shopsets()) {
            if (s.dedicated() && !s.draining() && s.configuration().equals(shop.configuration())) {
                out.add(s);
            }
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

    private static RoutingState withShops(RoutingState state, List<Shop> shops) {
        return new RoutingState(state.platformDomains(), state.replicas(), state.tiers(), state.failureDomains(),
                                state.shopsets(), shops, state.limits());
    }
}
