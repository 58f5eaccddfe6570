package io.shopset.gateway.health;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.shopset.gateway.Ticker;
import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.ShopSet;

/**
 * The state of every endpoint of every ShopSet, kept across routing changes so a change elsewhere
 * does not forget an endpoint's health, ejections or warm-up.
 *
 * <p>Endpoints of the first snapshot start warm; endpoints added later start their slow-start
 * window when they appear. Written on the routing table's writer thread; read by the health
 * checker and (through {@link io.shopset.gateway.select.Backend}) by event loops.
 */
public final class HealthRegistry {

    /** A warm-since far enough in the past that no slow-start window covers it. */
    static final long LONG_AGO = Long.MIN_VALUE / 4;

    private record Key(String shopSet, Endpoint endpoint) {
    }

    private final Ticker ticker;
    private final Map<Key, EndpointState> states = new ConcurrentHashMap<>();
    private volatile boolean seeded;

    public HealthRegistry(Ticker ticker) {
        this.ticker = ticker;
    }

    public Ticker ticker() {
        return ticker;
    }

    /** The state of {@code endpoint} of {@code shopSet}, created if new. Control path only. */
    public EndpointState state(ShopSet shopSet, Endpoint endpoint) {
        return states.computeIfAbsent(new Key(shopSet.name(), endpoint),
                                      k -> new EndpointState(k.shopSet(), k.endpoint(), seeded ? ticker.nanos() : LONG_AGO));
    }

    /** The state of an endpoint, or {@code null} when unknown. */
    public @Nullable EndpointState find(String shopSet, Endpoint endpoint) {
        return states.get(new Key(shopSet, endpoint));
    }

    /** Forgets endpoints no longer in {@code snapshot}; from now on new endpoints start cold. */
    public void retain(RoutingSnapshot snapshot) {
        final Set<Key> live = new HashSet<>();
        for (ShopSet s : snapshot.state().shopsets()) {
            for (Endpoint e : s.endpoints()) {
                live.add(new Key(s.name(), e));
            }
        }
        states.keySet().retainAll(live);
        seeded = true;
    }

    /** Every state, for the health checker and the admin views. */
    public Iterable<EndpointState> all() {
        return states.values();
    }
}
