package io.shopset.gateway.select;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.shopset.gateway.health.EndpointState;
import io.shopset.gateway.metrics.ShopSetMeters;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.place.Hashing;

/**
 * The data plane's view of one ShopSet: its spec, its endpoints with their socket addresses
 * resolved once (off the event loop), their hashes for picking, their live states, its circuit
 * breaker and its meters. Immutable but for the shared state objects it points to.
 */
public final class Backend {

    private final ShopSet spec;
    private final Endpoint[] endpoints;
    private final InetSocketAddress[] addresses;
    private final long[] endpointHashes;
    private final EndpointState[] states;
    private final CircuitBreaker breaker;
    private final ShopSetMeters meters;
    private final long slowStartNanos;
    private final AtomicInteger roundRobin = new AtomicInteger();

    public Backend(ShopSet spec, EndpointState[] states, CircuitBreaker breaker, ShopSetMeters meters) {
        this.spec = spec;
        this.states = states;
        this.breaker = breaker;
        this.meters = meters;
        slowStartNanos = spec.slowStart().toNanos();
        endpoints = spec.endpoints().toArray(Endpoint[]::new);
        addresses = new InetSocketAddress[endpoints.length];
        endpointHashes = new long[endpoints.length];
        for (int i = 0; i < endpoints.length; i++) {
            addresses[i] = new InetSocketAddress(endpoints[i].host(), endpoints[i].port());
            final String key = endpoints[i].toString();
            endpointHashes[i] = Hashing.hash64(key, 0, key.length());
        }
    }

    public ShopSet spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public int endpointCount() {
        return endpoints.length;
    }

    public Endpoint endpoint(int i) {
        return endpoints[i];
    }

    public InetSocketAddress address(int i) {
        return addresses[i];
    }

    public long endpointHash(int i) {
        return endpointHashes[i];
    }

    public EndpointState state(int i) {
        return states[i];
    }

    /** All endpoint states (the outlier detector's ejection cap looks at them together). */
    public EndpointState[] states() {
        return states;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public ShopSetMeters meters() {
        return meters;
    }

    public long slowStartNanos() {
        return slowStartNanos;
    }

    /** The next value of its round-robin counter (never negative). */
    public int nextRoundRobin() {
        return roundRobin.getAndIncrement() & Integer.MAX_VALUE;
    }

    /**
     * Whether new requests may go here now as far as endpoints go: not draining and an endpoint
     * available. The breaker is asked separately, when a request commits to this ShopSet.
     */
    public boolean available(long nowNanos) {
        if (spec.draining()) {
            return false;
        }
        for (EndpointState s : states) {
            if (s.available(nowNanos)) {
                return true;
            }
        }
        return false;
    }

    /** Whether its breaker is open (for views; the data path asks for permission instead). */
    public boolean breakerOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN || breaker.getState() == CircuitBreaker.State.FORCED_OPEN;
    }
}
