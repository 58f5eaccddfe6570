package io.shopset.gateway.policy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One shop's rate (GCRA) and concurrency (a bulkhead: requests in flight) state. Its limits come
 * with each call, from the routing snapshot, so a change applies at once.
 */
final class ShopLimiter {

    private final AtomicLong tat = new AtomicLong();
    private final AtomicInteger inflight = new AtomicInteger();

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
}
