package io.shopset.routing.build;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

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
        final List<Shop> shops = state.shops();
        int hostCount = 0;
        for (Shop shop : shops) {
            hostCount += shop.hosts().size();
        }
        final HostTable.Builder<ShopRoute> byHost = HostTable.builder(hostCount);
        final HostTable.Builder<ShopRoute> byId = HostTable.builder(shops.size());
        // A million shops share a few dozen placements: one candidate list (and one list of names)
        // per distinct placement, not one per shop.
        final Map<List<String>, List<ShopSet>> candidatesByPlacement = new HashMap<>();
        final Map<List<ShopSet>, List<String>> placementByCandidates = new IdentityHashMap<>();
        @SuppressWarnings("unchecked")
        final List<String>[] placements = (List<String>[]) new List<?>[shops.size()];
        for (int i = 0; i < placements.length; i++) {
            final Shop shop = shops.get(i);
            final List<String> placement = Placements.of(shop, state);
            final List<ShopSet> candidates;
            if (shop.isolated()) {
                candidates = candidates(placement, shop.rememberedShopsets(), shopsets);
                placements[i] = placement;
            } else {
                List<ShopSet> shared = candidatesByPlacement.get(placement);
                if (shared == null) {
                    shared = candidates(placement, null, shopsets);
                    final List<String> key = List.copyOf(placement);
                    candidatesByPlacement.put(key, shared);
                    placementByCandidates.put(shared, key);
                }
                candidates = shared;
                placements[i] = placementByCandidates.get(shared);
            }
            final Limits limits = shop.limits() == null ? state.limits().shop()
                    : shop.limits().withDefaults(state.limits().shop());
            final ShopRoute route = new ShopRoute(shop.id(), shop.configuration(), shop.tier(), candidates,
                                                  shop.isolated(), limits,
                                                  Hashing.hash64(shop.id(), 0, shop.id().length()),
                                                  shop.warmup() == null ? null : shopsets.get(shop.warmup().target()));
            byId.put(shop.id(), route);
            for (String h : shop.hosts()) {
                byHost.put(HostNormalizer.normalize(h), route);
            }
        }
        final HostTable<ShopRoute> ids = byId.build();
        return new RoutingSnapshot(version, System.currentTimeMillis(), state, byHost.build(), ids,
                                   state.platformDomains(), shopsets,
                                   new PlacementView(shops, placements, ids, placementByCandidates));
    }

    /** The ShopSets of {@code placement} in order, then those of {@code remembered} not already there. */
    private static List<ShopSet> candidates(List<String> placement, @Nullable List<String> remembered,
                                            Map<String, ShopSet> shopsets) {
        final List<ShopSet> candidates = new ArrayList<>(placement.size() + 2);
        for (String name : placement) {
            candidates.add(shopsets.get(name));
        }
        if (remembered != null) {
            for (String name : remembered) {
                final ShopSet s = shopsets.get(name);
                if (!candidates.contains(s)) {
                    candidates.add(s);
                }
            }
        }
        return List.copyOf(candidates);
    }
}
