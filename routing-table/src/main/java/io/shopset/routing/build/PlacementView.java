package io.shopset.routing.build;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.ShopRoute;
import io.shopset.routing.lookup.HostTable;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;

/**
 * Every shop's effective placement by shop id, in the state's order, as a read-only view over what
 * the snapshot holds anyway rather than a map of its own: a million-shop map cost 48 MB of entries
 * and 24 MB of placed lists (docs/performance.md).
 *
 * <p>{@link #get} finds the shop's route in the id table: a shop that is not isolated is placed on
 * exactly its candidates, whose names were recorded when the (shared) candidate list was made; an
 * isolated shop's placement is its dedicated ShopSet, its first candidate. Iteration walks
 * {@code placements}, one shared list per distinct placement, aligned with the state's shops.
 */
final class PlacementView extends AbstractMap<String, List<String>> {

    private final List<Shop> shops;
    private final List<String>[] placements;
    private final HostTable<ShopRoute> byId;
    /** Identity map: a shared candidate list to its ShopSet names. */
    private final Map<List<ShopSet>, List<String>> names;

    PlacementView(List<Shop> shops, List<String>[] placements, HostTable<ShopRoute> byId,
                  Map<List<ShopSet>, List<String>> names) {
        this.shops = shops;
        this.placements = placements;
        this.byId = byId;
        this.names = names;
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
        return route.isolated() ? List.of(route.candidates().get(0).name()) : names.get(route.candidates());
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
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < placements.length;
                    }

                    @Override
                    public Entry<String, List<String>> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        final int at = i++;
                        return Map.entry(shops.get(at).id(), placements[at]);
                    }
                };
            }
        };
    }
}
