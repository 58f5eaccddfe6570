package io.shopset.gateway.policy;

import org.jspecify.annotations.Nullable;

/**
 * What {@link TenantThrottle#check} decided, filled in place (one per client connection, so the
 * decision allocates nothing): the limit hit, how long to wait, and the concurrency slot to give
 * back when the request ends.
 */
public final class ThrottleResult {

    @Nullable ThrottleScope scope;
    long waitNanos;
    double limitPerSecond;
    @Nullable ShopLimiter slot;

    void reset() {
        scope = null;
        waitNanos = 0;
        limitPerSecond = 0;
        slot = null;
    }

    /** The limit the request ran into, or {@code null} when it was allowed. */
    public @Nullable ThrottleScope scope() {
        return scope;
    }

    /** Whole seconds to wait before retrying, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }

    /** The requests per second of the limit hit. */
    public double limitPerSecond() {
        return limitPerSecond;
    }

    /** Gives back the shop concurrency slot the request holds, if any. Idempotent. */
    public void release() {
        final ShopLimiter s = slot;
        if (s != null) {
            slot = null;
            s.exit();
        }
    }
}
