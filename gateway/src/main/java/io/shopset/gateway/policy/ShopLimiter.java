package io.shopset.gateway.policy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * One shop's rate (GCRA) and concurrency (a bulkhead: requests in flight) state on this replica. Its
 * limits come with each call, from the routing snapshot, so a change applies at once.
 *
 * <p>With global limits ({@link TenantThrottle#clusterView}) it also counts the requests that reached
 * its rate check (the shop's demand here) and holds this replica's {@link ShopShare} of the limit,
 * both exchanged with the other replicas by the sync thread.
 */
public final class ShopLimiter {

    private final AtomicLong tat = new AtomicLong();
    private final AtomicInteger inflight = new AtomicInteger();
    private final AtomicLong demand = new AtomicLong();
    private volatile @Nullable ShopShare share;

    ShopLimiter() {
    }

    /** Takes one request at {@code now}: 0 when allowed, else the nanoseconds until it would be. */
    long acquireRate(long now, long interval, long tolerance) {
        for (;;) {
            final long t = tat.get();
            final long next = Gcra.next(t, now, interval, tolerance);
            if (next < 0) {
                return -next;
            }
            if (tat.compareAndSet(t, next)) {
                return 0;
            }
        }
    }

    /** Takes a concurrency slot unless {@code max} are taken. */
    boolean tryEnter(int max) {
        for (;;) {
            final int n = inflight.get();
            if (n >= max) {
                return false;
            }
            if (inflight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void exit() {
        inflight.decrementAndGet();
    }

    int inflight() {
        return inflight.get();
    }

    /** Whether it holds nothing worth keeping: no request in flight and a full bucket. */
    boolean idle(long now) {
        return inflight.get() == 0 && tat.get() < now;
    }

    void countDemand() {
        demand.getAndIncrement();
    }

    /** Requests that reached this shop's rate check since the limiter was created (global limits only). */
    public long demand() {
        return demand.get();
    }

    /** This replica's share of the shop's limit, or {@code null} when none is known (then: limit ÷ replicas). */
    public @Nullable ShopShare share() {
        return share;
    }

    /** Sets this replica's share (the sync thread, after each exchange with Redis). */
    public void share(@Nullable ShopShare s) {
        share = s;
    }
}
