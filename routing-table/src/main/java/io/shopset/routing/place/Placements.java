package io.shopset.routing.place;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;

/**
 * The effective placement of every shop of a state: its explicit {@code shopsets}, or the placer's.
 */
public final class Placements {

    private Placements() {
    }

    /** The ShopSets of {@code shop} in preference order (empty when none can take it). */
    public static List<String> of(Shop shop, RoutingState state) {
        if (shop.shopsets() != null) {
            return shop.shopsets();
        }
        return Placer.place(shop.id(), Placer.eligible(shop, state), state.replicas());
    }

    /** Every shop's placement, keyed by shop id, in the state's order. */
    public static Map<String, List<String>> all(RoutingState state) {
        final Map<String, List<String>> out = new LinkedHashMap<>(Math.max(16, state.shops().size() * 4 / 3 + 1));
        for (Shop shop : state.shops()) {
            out.put(shop.id(), of(shop, state));
        }
        return out;
    }
}
