package io.shopset.admin.api;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopList;
import io.shopset.routing.model.ShopSet;

/** Small pure edits of routing states: find, replace, add, remove one shop or ShopSet. */
final class States {

    private States() {
    }

    static @Nullable Shop shop(RoutingState s, String id) {
        return s.shopList().byId(id);
    }

    static @Nullable ShopSet shopSet(RoutingState s, String name) {
        for (ShopSet set : s.shopsets()) {
            if (set.name().equals(name)) {
                return set;
            }
        }
        return null;
    }

    static int shopIndex(RoutingState s, String id) {
        return s.shopList().indexOfId(id);
    }

    /**
     * {@code s} with shop {@code id} replaced by {@code shop} (appended when absent; removed when
     * {@code null}); the other shops are shared with {@code s} ({@link io.shopset.routing.model.ShopList}).
     */
    static RoutingState withShop(RoutingState s, String id, @Nullable Shop shop) {
        final ShopList shops = shop == null || !shop.id().equals(id) ? s.shopList().without(id) : s.shopList();
        return new RoutingState(s.platformDomains(), s.replicas(), s.tiers(), s.failureDomains(), s.shopsets(),
                                shop == null ? shops : shops.with(shop), s.limits());
    }

    /** {@code s} with ShopSet {@code name} replaced by {@code set} (appended when absent). */
    static RoutingState withShopSet(RoutingState s, String name, ShopSet set) {
        final List<ShopSet> sets = new ArrayList<>(s.shopsets().size() + 1);
        boolean found = false;
        for (ShopSet x : s.shopsets()) {
            if (x.name().equals(name)) {
                found = true;
                sets.add(set);
            } else {
                sets.add(x);
            }
        }
        if (!found) {
            sets.add(set);
        }
        return new RoutingState(s.platformDomains(), s.replicas(), s.tiers(), s.failureDomains(), sets, s.shops(),
                                s.limits());
    }

    static Shop mapPlacement(Shop shop, @Nullable List<String> shopsets, @Nullable List<String> remembered) {
        return new Shop(shop.id(), shop.hosts(), shop.configuration(), shop.tier(), shopsets, shop.limits(), remembered);
    }

}
