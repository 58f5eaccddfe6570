package io.shopset.routing.build;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.config.ConfigError;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.lookup.HostIndex;
import io.shopset.routing.lookup.HostNormalizer;
import io.shopset.routing.lookup.HostTable;
import io.shopset.routing.model.Limits;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopChanges;
import io.shopset.routing.model.ShopList;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.place.Hashing;
import io.shopset.routing.place.Placements;
import io.shopset.routing.validate.RoutingValidator;

/**
 * Validates a routing state and freezes it into a {@link RoutingSnapshot}: placements resolved, host
 * tables built, limits merged with the defaults. Runs on the control path, never on an event loop.
 *
 * <p>Two ways: {@link #build} validates and builds the whole state; {@link #update} builds the
 * snapshot of a state that differs from an existing snapshot's in a few shops only, validating
 * those shops ({@link RoutingValidator#validateChanges}) and editing the previous snapshot's tables
 * ({@link HostIndex}), at a cost that follows the change, not the table. Both give the same routing
 * for the same state (a seeded property test checks every host).
 */
public final class SnapshotBuilder {

    /** At most this many changed shops (or 1/8 of the table, if more) go through {@link #update}. */
    static final int MIN_INCREMENTAL = 1024;

    private SnapshotBuilder() {
    }

    /**
     * The snapshot of {@code state} at {@code version}.
     *
     * @throws ConfigException when {@code state} breaks a rule; nothing is built
     */
    public static RoutingSnapshot build(RoutingState state, long version) throws ConfigException {
        return build(state, version, null);
    }

    /**
     * As {@link #build(RoutingState, long)}, the tables' folds on {@code folder} ({@code null}: the
     * background thread).
     */
    static RoutingSnapshot build(RoutingState state, long version, @Nullable Executor folder) throws ConfigException {
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
        final PlacementCatalog.Builder catalog = new PlacementCatalog.Builder(shopsets);
        final Placements.Resolver placer = Placements.resolver(state);
        final RouteProfiles profiles = new RouteProfiles(state.limits().shop());
        for (Shop shop : shops) {
            final List<String> placement = placer.of(shop);
            final List<ShopSet> candidates = shop.isolated()
                    ? candidates(placement, shop.rememberedShopsets(), shopsets)
                    : catalog.candidates(placement);
            final ShopRoute route = route(shop, candidates, state, shopsets, profiles, null);
            byId.put(shop.id(), route);
            for (String h : shop.hosts()) {
                byHost.put(HostNormalizer.normalize(h), route);
            }
        }
        final HostIndex<ShopRoute> ids = folder == null ? HostIndex.of(byId.build())
                : HostIndex.of(byId.build(), folder);
        final HostIndex<ShopRoute> hosts = folder == null ? HostIndex.of(byHost.build())
                : HostIndex.of(byHost.build(), folder);
        final PlacementCatalog placements = catalog.build();
        return new RoutingSnapshot(version, System.currentTimeMillis(), state, hosts, ids,
                                   state.platformDomains(), shopsets, new PlacementView(shops, ids, placements));
    }

    /**
     * The snapshot of {@code next} at {@code version}, built from {@code prev} when {@code next}
     * differs from {@code prev}'s state in its shops only, and in at most 1/8 of them (at least
     * {@value #MIN_INCREMENTAL}); {@code null} when it does not (then {@link #build} it). Only the
     * changed shops are validated and placed; the tables are {@code prev}'s with the changed hosts
     * and ids edited in.
     *
     * @throws ConfigException when {@code next} breaks a rule (exactly when {@link #build} would); nothing is built
     */
    public static @Nullable RoutingSnapshot update(RoutingSnapshot prev, RoutingState next, long version)
            throws ConfigException {
        final RoutingState before = prev.state();
        if (!(prev.placements() instanceof PlacementView view) || !sameExceptShops(before, next)) {
            return null;
        }
        final ShopList from = before.shopList();
        final ShopList to = next.shopList();
        if (from.hasDuplicateIds() || to.hasDuplicateIds()) {
            return null;
        }
        final ShopChanges changes = from.changesTo(to, Math.max(MIN_INCREMENTAL, to.size() / 8));
        if (changes == null) {
            return null;
        }
        final HostIndex<ShopRoute> hosts = prev.hostIndex();
        final List<ConfigError> errors = RoutingValidator.validateChanges(next, changes, h -> {
            final ShopRoute owner = hosts.get(h);
            return owner == null ? null : owner.id();
        });
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        final Map<String, ShopSet> shopsets = prev.shopSets();
        final HostIndex.Edit<ShopRoute> hostEdit = hosts.edit();
        final HostIndex.Edit<ShopRoute> idEdit = prev.idIndex().edit();
        // Removals first: a host may move from one changed shop to another.
        for (String id : changes.deletes()) {
            final Shop old = from.byId(id);
            idEdit.remove(id);
            if (old != null) {
                old.hosts().forEach(h -> hostEdit.remove(HostNormalizer.normalize(h)));
            }
        }
        for (Shop shop : changes.upserts()) {
            final Shop old = from.byId(shop.id());
            if (old != null) {
                final Set<String> kept = new HashSet<>();
                shop.hosts().forEach(h -> kept.add(HostNormalizer.normalize(h)));
                for (String h : old.hosts()) {
                    final String key = HostNormalizer.normalize(h);
                    if (!kept.contains(key)) {
                        hostEdit.remove(key);
                    }
                }
            }
        }
        PlacementCatalog catalog = view.catalog();
        // A changed shop keeps its route's profile when that is still right (else, one of its own).
        final RouteProfiles profiles = new RouteProfiles(next.limits().shop());
        for (Shop shop : changes.upserts()) {
            final List<String> placement = Placements.of(shop, next);
            final List<ShopSet> candidates;
            if (shop.isolated()) {
                candidates = candidates(placement, shop.rememberedShopsets(), shopsets);
            } else {
                List<ShopSet> shared = catalog.candidates(placement);
                if (shared == null) {
                    catalog = catalog.with(placement, shopsets);
                    shared = catalog.candidates(placement);
                }
                candidates = shared;
            }
            final ShopRoute route = route(shop, candidates, next, shopsets, profiles, prev.idIndex().get(shop.id()));
            idEdit.put(shop.id(), route);
            for (String h : shop.hosts()) {
                hostEdit.put(HostNormalizer.normalize(h), route);
            }
        }
        final HostIndex<ShopRoute> ids = idEdit.apply();
        return new RoutingSnapshot(version, System.currentTimeMillis(), next, hostEdit.apply(), ids,
                                   next.platformDomains(), shopsets, new PlacementView(next.shops(), ids, catalog));
    }

    /** Whether the two states differ at most in their shops. */
    static boolean sameExceptShops(RoutingState a, RoutingState b) {
        return a.replicas() == b.replicas() && a.platformDomains().equals(b.platformDomains()) &&
               a.tiers().equals(b.tiers()) && a.failureDomains().equals(b.failureDomains()) &&
               a.shopsets().equals(b.shopsets()) && a.limits().equals(b.limits());
    }

    private static ShopRoute route(Shop shop, List<ShopSet> candidates, RoutingState state,
                                   Map<String, ShopSet> shopsets, RouteProfiles profiles, @Nullable ShopRoute old) {
        final Limits limits = shop.limits() == null ? state.limits().shop()
                : shop.limits().withDefaults(state.limits().shop());
        final ShopSet warmup = shop.warmup() == null ? null : shopsets.get(shop.warmup().target());
        ShopRoute.Profile profile = old == null ? null : old.profile();
        if (profile == null || !same(profile, shop, candidates, limits, warmup)) {
            profile = profiles.of(shop.configuration(), shop.tier(), candidates, shop.isolated(), limits, warmup);
        }
        return new ShopRoute(shop.id(), profile, Hashing.hash64(shop.id(), 0, shop.id().length()));
    }

    /** Whether {@code p} is the profile of {@code shop} with these candidates, limits and warm-up. */
    private static boolean same(ShopRoute.Profile p, Shop shop, List<ShopSet> candidates, Limits limits,
                                @Nullable ShopSet warmup) {
        return p.isolated() == shop.isolated() && p.configuration().equals(shop.configuration()) &&
               Objects.equals(p.tier(), shop.tier()) && p.candidates().equals(candidates) &&
               Objects.equals(p.limits(), limits) && Objects.equals(p.warmup(), warmup);
    }

    /** The ShopSets of {@code placement} in order, then those of {@code remembered} not already there. */
    static List<ShopSet> candidates(List<String> placement, @Nullable List<String> remembered,
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
