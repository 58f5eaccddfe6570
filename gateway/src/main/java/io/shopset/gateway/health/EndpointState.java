package io.shopset.gateway.health;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.shopset.routing.model.Endpoint;

/**
 * The live state of one endpoint of one ShopSet, shared by every event loop.
 *
 * <p>Concurrency: counters are atomics changed by CAS; {@code activeHealthy} is written only by the
 * health checker's thread and read by event loops (volatile). No locks: event loops only do
 * increments, compares and volatile reads here.
 */
public final class EndpointState {

    private final String shopSet;
    private final Endpoint endpoint;
    private final AtomicInteger inflight = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicInteger ejections = new AtomicInteger();
    /** {@code ejectedUntilNanos} of an endpoint never ejected. */
    private static final long NEVER = Long.MIN_VALUE;

    private final AtomicLong ejectedUntilNanos = new AtomicLong(NEVER);
    private volatile boolean activeHealthy = true;
    private volatile long warmSinceNanos;
    // Written only by the health checker's thread.
    private int probeSuccesses;
    private int probeFailures;

    EndpointState(String shopSet, Endpoint endpoint, long warmSinceNanos) {
        this.shopSet = shopSet;
        this.endpoint = endpoint;
        this.warmSinceNanos = warmSinceNanos;
    }

    public String shopSet() {
        return shopSet;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** Whether requests may go here now: not failed by active checks, not ejected. */
    public boolean available(long nowNanos) {
        return activeHealthy && !ejected(nowNanos);
    }

    public boolean activeHealthy() {
        return activeHealthy;
    }

    public boolean ejected(long nowNanos) {
        final long until = ejectedUntilNanos.get();
        return until != NEVER && nowNanos - until < 0;
    }

    /** Since when it has been taking traffic (for slow start): its addition, or its last recovery. */
    public long warmSinceNanos() {
        return warmSinceNanos;
    }

    public int inflight() {
        return inflight.get();
    }

    public void requestStarted() {
        inflight.incrementAndGet();
    }

    public void requestEnded() {
        inflight.decrementAndGet();
    }

    int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    /** Counts a failure; returns the failures in a row now. */
    int failure() {
        return consecutiveFailures.incrementAndGet();
    }

    void success() {
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
    }

    /** Ejects until {@code untilNanos} unless another thread already did; returns whether this call ejected. */
    boolean eject(long nowNanos, long untilNanos) {
        final long current = ejectedUntilNanos.get();
        if (current != NEVER && nowNanos - current < 0) {
            return false;
        }
        if (!ejectedUntilNanos.compareAndSet(current, untilNanos)) {
            return false;
        }
        consecutiveFailures.set(0);
        warmSinceNanos = untilNanos;
        return true;
    }

    int ejections() {
        return ejections.get();
    }

    int nextEjection() {
        return ejections.incrementAndGet();
    }

    void forgiveEjections() {
        ejections.set(0);
    }

    long ejectedUntilNanos() {
        return ejectedUntilNanos.get();
    }

    /**
     * Records one active probe result (health checker thread only).
     *
     * @return whether the endpoint's active health changed
     */
    boolean probe(boolean ok, int healthyThreshold, int unhealthyThreshold, long nowNanos) {
        if (ok) {
            probeFailures = 0;
            if (!activeHealthy && ++probeSuccesses >= healthyThreshold) {
                probeSuccesses = 0;
                warmSinceNanos = nowNanos;
                activeHealthy = true;
                return true;
            }
        } else {
            probeSuccesses = 0;
            if (activeHealthy && ++probeFailures >= unhealthyThreshold) {
                probeFailures = 0;
                activeHealthy = false;
                return true;
            }
        }
        return false;
    }
}
