package io.shopset.routing;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shopset.routing.build.SnapshotBuilder;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.model.RoutingState;

/**
 * The one reference to the current routing snapshot.
 *
 * <p>Concurrency: the data plane calls {@link #current()} (a volatile read) and uses the snapshot it
 * got for the whole request. Writers build a new snapshot off the request path and swap it in with
 * one compare-and-set, so a reader sees either the old or the new table, never a mix; a publish
 * with an older version than the current one is ignored. Listeners run on the writer's thread.
 */
public final class RoutingTable {

    private static final Logger logger = LoggerFactory.getLogger(RoutingTable.class);

    private final AtomicReference<@Nullable RoutingSnapshot> current = new AtomicReference<>();
    private final List<Consumer<RoutingSnapshot>> listeners = new CopyOnWriteArrayList<>();

    /** The current snapshot, or {@code null} before the first one is loaded. */
    public @Nullable RoutingSnapshot current() {
        return current.get();
    }

    /** Whether a first snapshot has been loaded. */
    public boolean isLoaded() {
        return current.get() != null;
    }

    /**
     * Validates {@code state}, builds it at the next version and publishes it.
     *
     * @throws ConfigException when {@code state} is invalid; the current snapshot stays
     */
    public RoutingSnapshot update(RoutingState state) throws ConfigException {
        requireNonNull(state, "state");
        final RoutingSnapshot prev = current.get();
        final RoutingSnapshot next = SnapshotBuilder.build(state, prev == null ? 1 : prev.version() + 1);
        publish(next);
        return next;
    }

    /**
     * Swaps in {@code next} unless the current snapshot is newer; tells the listeners.
     *
     * @return whether {@code next} became current
     */
    public boolean publish(RoutingSnapshot next) {
        requireNonNull(next, "next");
        for (;;) {
            final RoutingSnapshot prev = current.get();
            if (prev != null && prev.version() >= next.version()) {
                logger.debug("ignoring snapshot v{}: v{} is current", next.version(), prev.version());
                return false;
            }
            if (current.compareAndSet(prev, next)) {
                break;
            }
        }
        for (Consumer<RoutingSnapshot> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                logger.warn("routing table listener failed on v{}", next.version(), e);
            }
        }
        return true;
    }

    /** Calls {@code listener} with every snapshot published from now on, and with the current one. */
    public void addListener(Consumer<RoutingSnapshot> listener) {
        listeners.add(requireNonNull(listener, "listener"));
        final RoutingSnapshot now = current.get();
        if (now != null) {
            listener.accept(now);
        }
    }
}
