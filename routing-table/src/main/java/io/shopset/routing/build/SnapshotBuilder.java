package io.shopset.routing.build;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.config.ConfigError;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.lookup.HostNormalizer;
import io.shopset.routing.lookup.HostTable;
import io.shopset.routing.model.Limits;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.place.Hashing;
import io.shopset.routing.place.Placements;
import io.shopset.routing.validate.RoutingValidator;

/**
 * Validates a routing state and freezes it into a {@link RoutingSnapshot}: placements resolved, host
 * tables built, limits merged with the defaults. Runs on the control path, never on an event loop.
 */
public final class SnapshotBuilder {

    private SnapshotBuilder() {
    }

    /**
     * The snapshot of {@code state} at {@code version}.
     *
     * @throws ConfigException when {@code state} breaks a rule; nothing is built
     */
    public static RoutingSnapshot build(RoutingState state, long version) throws ConfigException {
        final List<ConfigError> errors = RoutingValidator.validate(state);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        final Map<String, ShopSet> shopsets = new HashMap<>();
        for (ShopSet s : state.shopsets()) {
            shopsets.put(s.name(), s);
        }
        final Map<String, List<String>> placements = Placements.all(state);
        int hostCount = 0;
        for (Shop shop : state.shops()) {
            hostCount += shop.hosts().size();
        }
        final Map<String, ShopRoute> byHost = new HashMap<>(Math.max(16, hostCount * 4 / 3 + 1));
        final Map<String, ShopRoute> byId = new HashMap<>(state.shops().size() * 2);
        for (Shop shop : state.shops()) {
            final List<String> placement = placements.get(shop.id());
            final List<ShopSet> candidates = new ArrayList<>(placement.size() + 2);
            for (String name : placement) {
                candidates.add(shopsets.get(name));
            }
            if (shop.rememberedShopsets() != null) {
                for (String name : shop.rememberedShopsets()) {
                    final ShopSet s = shopsets.get(name);
                    if (!candidates.contains(s)) {
                        candidates.add(s);
                    }
                }
            }
            final Limits limits = shop.limits() == null ? state.limits().shop()
                    : shop.limits().withDefaults(state.limits().shop());
            final ShopRoute route = new ShopRoute(shop.id(), shop.configuration(),
                                                  shop.tier(), List.copyOf(candidates), shop.isolated(), limits,
                                                  Hashing.hash64(shop.id(), 0, shop.id().length()));
            byId.put(shop.id(), route);
            for (String h : shop.hosts()) {
                byHost.put(HostNormalizer.normalize(h), route);
            }
        }
        return new RoutingSnapshot(version, System.currentTimeMillis(), state, new HostTable<>(byHost),
                                   new HostTable<>(byId), state.platformDomains(), shopsets, placements);
    }
}
