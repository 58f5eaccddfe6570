package io.shopset.routing.place;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;

/** Lookups over one state that the planners share. */
final class Topology {

    private final Map<String, ShopSet> byName;

    Topology(RoutingState state) {
        byName = new HashMap<>(Math.max(16, state.shopsets().size() * 2));
        for (ShopSet s : state.shopsets()) {
            byName.put(s.name(), s);
        }
    }

    @Nullable ShopSet get(String name) {
        return byName.get(name);
    }

    /** The failure domain of ShopSet {@code name}, or {@code null} when there is no such ShopSet. */
    @Nullable String domain(String name) {
        final ShopSet s = byName.get(name);
        return s == null ? null : s.failureDomain();
    }

    /** {@code shop} with its explicit placement replaced by {@code shopsets}. */
    static Shop withShopSets(Shop shop, List<String> shopsets) {
        return shop.withPlacement(List.copyOf(shopsets), shop.rememberedShopsets());
    }

    /** {@code shop} with its remembered placement replaced by {@code remembered}. */
    static Shop withRemembered(Shop shop, List<String> remembered) {
        return shop.withPlacement(shop.shopsets(), List.copyOf(remembered));
    }

    static RoutingState withShops(RoutingState state, List<Shop> shops) {
        return new RoutingState(state.platformDomains(), state.replicas(), state.tiers(), state.failureDomains(),
                                state.shopsets(), shops, state.limits());
    }
}
