package io.shopset.routing.store;

import java.util.List;

import io.shopset.routing.config.ConfigException;
import io.shopset.routing.model.RoutingState;

/**
 * Where the routing state lives. A change is: read {@link #current()}, compute the next state,
 * validate it, then {@link #write} it naming the version it was computed from (compare-and-set); the
 * store persists it and publishes it into the routing table before {@code write} returns.
 *
 * <p>Implementations are thread-safe. {@code write} may block (file I/O, Redis) and must never be
 * called on an event loop: the admin API calls it on its admin thread.
 */
public interface RoutingStore extends AutoCloseable {

    /** The latest state this process knows and serves, with its store version. */
    VersionedState current();

    /**
     * Replaces the state by {@code next} if the store is still at {@code expectedVersion}, records
     * {@code record} (its version set to the new one) in the audit trail, and publishes {@code next}
     * into the routing table.
     *
     * @return the new version
     * @throws ConfigException           when {@code next} is invalid; nothing is written
     * @throws StoreConflictException    when another writer came first; nothing is written
     * @throws StoreUnavailableException when the store cannot be written now; nothing is written
     */
    long write(long expectedVersion, RoutingState next, ChangeRecord record)
            throws ConfigException, StoreConflictException, StoreUnavailableException;

    /** Up to {@code limit} recent changes, newest first. */
    List<ChangeRecord> recentChanges(int limit);

    /** A one-line description for status output: the kind of store and where it is. */
    String describe();

    @Override
    void close();
}
