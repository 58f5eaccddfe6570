package io.shopset.gateway.policy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.jspecify.annotations.Nullable;

/**
 * One shop's rate (GCRA) and concurrency (a bulkhead: requests in flight) state on this replica. Its
 * limits come with each call, from the routing snapshot, so a change applies at once.
 *
 * <p>With global limits ({@link TenantThrottle#clusterView}) it also counts the requests that reached
 * its rate check (the shop's demand here) and holds this replica's {@link ShopShare} of the limit,
 * both exchanged with the other replicas by the sync thread.
 *
 * <p>Its counters are its own {@code volatile} fields, updated by CAS through {@link VarHandle}s, not
 * {@code AtomicLong}s of their own: a decision reads them from the limiter's own line instead of
 * following a pointer to another object for each.
 */
public final class ShopLimiter {

    private static final VarHandle TAT;
    private static final VarHandle INFLIGHT;
    private static final VarHandle DEMAND;

    static {
        try {
            final MethodHandles.Lookup l = MethodHandles.lookup();
            TAT = l.findVarHandle(ShopLimiter.class, "tat", long.class);
            INFLIGHT = l.findVarHandle(ShopLimiter.class, "inflight", int.class);
            DEMAND = l.findVarHandle(ShopLimiter.class, "demand", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long tat;
    private volatile int inflight;
    private volatile long demand;
    private volatile @Nullable ShopShare share;

    ShopLimiter() {
    }

    /** Takes one request at {@code now}: 0 when allowed, else the nanoseconds until it would be. */
    long acquireRate(long now, long interval, long tolerance) {
        for (;;) {
            final long t = tat;
            final long next = Gcra.next(t, now, interval, tolerance);
            if (next < 0) {
                return -next;
            }
            if (TAT.compareAndSet(this, t, next)) {
                return 0;
            }
        }
    }

    /** Takes a concurrency slot unless {@code max} are taken. */
    boolean tryEnter(int max) {
        for (;;) {
            final int n = inflight;
            if (n >= max) {
                return false;
            }
            if (INFLIGHT.compareAndSet(this, n, n + 1)) {
                return true;
            }
        }
    }

    void exit() {
        INFLIGHT.getAndAdd(this, -1);
    }

    int inflight() {
        return inflight;
    }

    /** Whether it holds nothing worth keeping: no request in flight and a full bucket. */
    boolean idle(long now) {
        return inflight == 0 && tat < now;
    }

    void countDemand() {
        DEMAND.getAndAdd(this, 1L);
    }

    /** Requests that reached this shop's rate check since the limiter was created (global limits only). */
    public long demand() {
        return demand;
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
