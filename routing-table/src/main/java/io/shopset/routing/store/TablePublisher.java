package io.shopset.routing.store;

import static java.util.Objects.requireNonNull;

import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.build.SnapshotBuilder;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.model.RoutingState;

/**
 * Builds snapshots of store states and swaps them into the routing table. The snapshot's version
 * is the store's version, unless the table already went past it (after a fall-back to a local
 * state, or a reseeded Redis): then the next local one, so the table only ever moves forward.
 *
 * <p>A state that differs from the current snapshot's in a few shops only is built from that
 * snapshot ({@link SnapshotBuilder#update}: those shops validated, the tables edited); any other in
 * whole ({@link SnapshotBuilder#build}).
 */
public final class TablePublisher {

    private final RoutingTable table;

    public TablePublisher(RoutingTable table) {
        this.table = requireNonNull(table, "table");
    }

    /** The snapshot of {@code state}, not yet published. Validates; nothing changes on error. */
    public RoutingSnapshot build(RoutingState state, long storeVersion) throws ConfigException {
        final RoutingSnapshot prev = table.current();
        final long version = prev == null ? Math.max(1, storeVersion) : Math.max(storeVersion, prev.version() + 1);
        if (prev != null) {
            final RoutingSnapshot next = SnapshotBuilder.update(prev, state, version);
            if (next != null) {
                return next;
            }
        }
        return SnapshotBuilder.build(state, version);
    }

    /** Swaps {@code snapshot} in; listeners (the data plane) run on this thread. */
    public void publish(RoutingSnapshot snapshot) {
        table.publish(snapshot);
    }

    public RoutingTable table() {
        return table;
    }
}
