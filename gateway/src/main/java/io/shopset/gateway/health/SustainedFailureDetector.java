package io.shopset.gateway.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.shopset.gateway.Ticker;
import io.shopset.gateway.resolve.DataPlaneSnapshot;
import io.shopset.gateway.select.Backend;
import io.shopset.routing.model.ShopSet;

/**
 * Tells a ShopSet that has failed for good from one that merely flaps: a ShopSet is
 * <em>unhealthy</em> while no endpoint of it takes traffic (failed active checks, ejected) or its
 * circuit breaker is not closed (open, or half-open and still probing; for a ShopSet with active
 * health checks only while they fail too), and <em>failed</em> once
 * it has been unhealthy at every observation for at least the grace period. One healthy
 * observation restarts the clock. Draining ShopSets are neither (they are out on purpose).
 *
 * <p>Time comes from the gateway's {@link Ticker}. {@link #observe} is called by one thread, off
 * the event loops (the self-healing thread, every few hundred milliseconds); the results are
 * published as immutable maps through volatile fields, so any thread may read them.
 */
public final class SustainedFailureDetector {

    private final long graceNanos;
    private final Ticker ticker;
    // Only the observing thread touches this.
    private final Map<String, Long> since = new HashMap<>();
    private volatile Map<String, Long> unhealthySince = Map.of();
    private volatile Map<String, Duration> failed = Map.of();
    private volatile long observations;

    public SustainedFailureDetector(Duration gracePeriod, Ticker ticker) {
        this.graceNanos = gracePeriod.toNanos();
        this.ticker = ticker;
    }

    /** Looks at every ShopSet of {@code snapshot} now; returns the failed ones (as {@link #failed()}). */
    public Map<String, Duration> observe(@Nullable DataPlaneSnapshot snapshot) {
        if (snapshot == null) {
            return failed;
        }
        final long now = ticker.nanos();
        final Map<String, Long> nextSince = new LinkedHashMap<>();
        final Map<String, Duration> nextFailed = new LinkedHashMap<>();
        for (ShopSet s : snapshot.routing().state().shopsets()) {
            final Backend b = snapshot.backend(s.name());
            if (b == null || !unhealthy(b, now)) {
                since.remove(s.name());
                continue;
            }
            final long from = since.computeIfAbsent(s.name(), k -> now);
            nextSince.put(s.name(), from);
            if (now - from >= graceNanos) {
                nextFailed.put(s.name(), Duration.ofNanos(now - from));
            }
        }
        since.keySet().retainAll(nextSince.keySet());
        unhealthySince = Map.copyOf(nextSince);
        failed = java.util.Collections.unmodifiableMap(nextFailed);
        observations++;
        return failed;
    }

    /**
     * Whether {@code b} takes no traffic now: draining aside, no endpoint available, or its breaker
     * not closed. A breaker only learns from requests, so once no shop routes to the ShopSet it may
     * stay open however healthy the pods are: when active health checks are configured and some
     * endpoint passes them, an open breaker alone does not make the ShopSet unhealthy.
     */
    static boolean unhealthy(Backend b, long nowNanos) {
        if (b.spec().draining()) {
            return false;
        }
        boolean available = false;
        for (int i = 0; i < b.endpointCount() && !available; i++) {
            available = b.state(i).available(nowNanos);
        }
        if (!available) {
            return true;
        }
        final CircuitBreaker.State state = b.breaker().getState();
        final boolean breakerOpen = state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN
                                    || state == CircuitBreaker.State.HALF_OPEN;
        return breakerOpen && b.spec().healthCheck() == null;
    }

    /** The failed ShopSets (unhealthy for at least the grace period) with how long, as of the last observation. */
    public Map<String, Duration> failed() {
        return failed;
    }

    /** The ShopSets unhealthy at the last observation, failed or not yet, with since when (ticker nanos). */
    public Map<String, Long> unhealthySince() {
        return unhealthySince;
    }

    /** How many observations were made (tests wait on it). */
    public long observations() {
        return observations;
    }
}
