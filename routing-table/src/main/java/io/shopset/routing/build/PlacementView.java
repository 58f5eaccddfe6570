package io.shopset.routing.build;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.ShopRoute;
import io.shopset.routing.lookup.HostIndex;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;

/**
 * Every shop's effective placement by shop id, in the state's order, as a read-only view over what
 * the snapshot holds anyway rather than a map of its own: a million-shop map cost 48 MB of entries
 * and 24 MB of placed lists (docs/performance.md), and a snapshot built from the one before by a
 * change would have to copy it.
 *
 * <p>{@link #get} finds the shop's route in the id table: a shop that is not isolated is placed on
 * exactly its candidates, whose names the {@link PlacementCatalog} recorded when the shared
 * candidate list was made; an isolated shop's placement is its dedicated ShopSet, its first
 * candidate. Iteration walks the state's shops and gets each one's placement so.
 */
final class PlacementView extends AbstractMap<String, List<String>> {

    private final List<Shop> shops;
    private final HostIndex<ShopRoute> byId;
    private final PlacementCatalog catalog;

    PlacementView(List<Shop> shops, HostIndex<ShopRoute> byId, PlacementCatalog catalog) {
        this.shops = shops;
        this.byId = byId;
        this.catalog = catalog;
    }

    PlacementCatalog catalog() {
        return catalog;
    }

    @Override
    public @Nullable List<String> get(@Nullable Object key) {
        if (!(key instanceof String id)) {
            return null;
        }
        final ShopRoute route = byId.get(id);
        if (route == null || !route.id().equals(id)) {
            return null;
        }
        return placement(route);
    }

    private List<String> placement(ShopRoute route) {
        if (route.isolated()) {
            return List.of(route.candidates().get(0).name());
        }
        final List<String> shared = catalog.placement(route.candidates());
        return shared != null ? shared : route.candidates().stream().map(ShopSet::name).toList();
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return shops.size();
    }

    @Override
    public Set<Entry<String, List<String>>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return shops.size();
            }

            @Override
            public Iterator<Entry<String, List<String>>> iterator() {
                final Iterator<Shop> it = shops.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Entry<String, List<String>> next() {
                        final String id = it.next().id();
                        final ShopRoute route = byId.get(id);
                        return Map.entry(id, route == null ? List.of() : placement(route));
                    }
                };
            }
        };
    }
}
