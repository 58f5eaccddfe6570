package io.shopset.controller;

import java.util.ArrayList;
import java.util.List;

import io.shopset.routing.build.SnapshotBuilder;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.store.ChangeRecord;
import io.shopset.routing.store.RoutingStore;
import io.shopset.routing.store.StoreConflictException;
import io.shopset.routing.store.VersionedState;

/**
 * A routing store in memory for the controller's tests: the same contract as the file and Redis
 * stores (compare-and-set, validation by building the snapshot), and a record of every write.
 */
final class MemoryRoutingStore implements RoutingStore {

    private final List<ChangeRecord> changes = new ArrayList<>();
    private VersionedState current;
    /** Runs inside {@link #write} before the version check: lets a test slip in a competing write. */
    private Runnable beforeWrite = () -> { };

    MemoryRoutingStore(RoutingState initial) throws ConfigException {
        SnapshotBuilder.build(initial, 1);
        current = new VersionedState(1, initial);
    }

    synchronized void beforeNextWrite(Runnable r) {
        beforeWrite = r;
    }

    @Override
    public synchronized VersionedState current() {
        return current;
    }

    @Override
    public long write(long expectedVersion, RoutingState next, ChangeRecord record)
            throws ConfigException, StoreConflictException {
        final Runnable hook;
        synchronized (this) {
            hook = beforeWrite;
            beforeWrite = () -> { };
        }
        hook.run();
        synchronized (this) {
            if (current.version() != expectedVersion) {
                throw new StoreConflictException(expectedVersion, current.version());
            }
            SnapshotBuilder.build(next, expectedVersion + 1);
            current = new VersionedState(expectedVersion + 1, next);
            changes.add(record.withVersion(current.version()));
            return current.version();
        }
    }

    /** Every accepted write, oldest first. */
    synchronized List<ChangeRecord> changes() {
        return List.copyOf(changes);
    }

    @Override
    public synchronized List<ChangeRecord> recentChanges(int limit) {
        final List<ChangeRecord> out = new ArrayList<>(changes);
        java.util.Collections.reverse(out);
        return out.subList(0, Math.min(limit, out.size()));
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {
    }
}
