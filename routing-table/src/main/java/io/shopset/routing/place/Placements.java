package io.shopset.routing.place;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;

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

    /** A resolver of the placements of many shops of {@code state}. */
    public static Resolver resolver(RoutingState state) {
        return new Resolver(state);
    }

    /**
     * As {@link #of(Shop, RoutingState)} for many shops of one state, the eligible ShopSets found
     * once for a run of shops with the same configuration and tier rather than once per shop. For
     * one thread.
     */
    public static final class Resolver {

        private final RoutingState state;
        private @Nullable String configuration;
        private @Nullable String tier;
        private @Nullable List<ShopSet> eligible;

        private Resolver(RoutingState state) {
            this.state = state;
        }

        /** The ShopSets of {@code shop}, a shop of this resolver's state, in preference order. */
        public List<String> of(Shop shop) {
            if (shop.shopsets() != null) {
                return shop.shopsets();
            }
            if (eligible == null || !shop.configuration().equals(configuration) || !Objects.equals(shop.tier(), tier)) {
                eligible = Placer.eligible(shop, state);
                configuration = shop.configuration();
                tier = shop.tier();
            }
            return Placer.place(shop.id(), eligible, state.replicas());
        }
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
