package io.shopset.gateway.select;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.shopset.routing.config.RetrySettings;

/**
 * The retry budget (after Envoy's): retries in flight may be at most {@code budgetPercent} of the
 * requests in flight, or {@code minConcurrent}, whichever is more. During an outage most requests
 * fail once and are not retried, so a failing upstream never sees a retry storm.
 *
 * <p>Lock-free: a CAS loop on one counter.
 */
public final class RetryBudget {

    private final RetrySettings settings;
    private final AtomicLong activeRequests;
    private final AtomicInteger activeRetries = new AtomicInteger();

    public RetryBudget(RetrySettings settings, AtomicLong activeRequests) {
        this.settings = settings;
        this.activeRequests = activeRequests;
    }

    /** Takes one retry from the budget; {@code false} when it is spent. Give it back with {@link #release()}. */
    public boolean tryAcquire() {
        final long allowed = Math.max(settings.minConcurrent(), activeRequests.get() * settings.budgetPercent() / 100);
        for (;;) {
            final int current = activeRetries.get();
            if (current >= allowed) {
                return false;
            }
            if (activeRetries.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    public void release() {
        activeRetries.decrementAndGet();
    }

    public int active() {
        return activeRetries.get();
    }
}
