package io.shopset.gateway.resolve;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.shopset.gateway.select.Backend;
import io.shopset.gateway.select.BackendFactory;
import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.model.ShopSet;

/**
 * Keeps the data plane's snapshot in step with the routing table.
 *
 * <p>Concurrency: {@link #onSnapshot(RoutingSnapshot)} runs on the routing table's writer thread
 * (never an event loop); it builds the backends (resolving endpoint addresses) and publishes
 * both through one volatile write. Event loops only read {@link #current()}. A backend whose spec is
 * unchanged is kept; a changed one is rebuilt over the same endpoint states and breaker, so health,
 * ejections and warm-up survive unrelated changes.
 */
public final class RouteResolver {

    private final BackendFactory factory;
    private volatile @Nullable DataPlaneSnapshot current;

    public RouteResolver(RoutingTable table, BackendFactory factory) {
        this.factory = factory;
        table.addListener(this::onSnapshot);
    }

    /** The snapshot requests use now, or {@code null} before the first routing snapshot. */
    public @Nullable DataPlaneSnapshot current() {
        return current;
    }

    private synchronized void onSnapshot(RoutingSnapshot routing) {
        final DataPlaneSnapshot prev = current;
        if (prev != null && prev.routing().version() >= routing.version()) {
            return;
        }
        final Map<String, Backend> backends = new HashMap<>();
        for (ShopSet s : routing.state().shopsets()) {
            final Backend old = prev == null ? null : prev.backends().get(s.name());
            backends.put(s.name(), old != null && old.spec().equals(s) ? old : factory.create(s));
        }
        current = new DataPlaneSnapshot(routing, Map.copyOf(backends));
        factory.retain(routing);
    }
}
