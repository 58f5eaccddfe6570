package io.shopset.gateway.policy;

/**
 * The generic cell rate algorithm: one timestamp per key, the theoretical arrival time (TAT). A
 * limit of {@code r} requests per second with a burst of {@code b} has emission interval
 * {@code T = 1/r} and tolerance {@code b·T}: a request at {@code now} is allowed when
 * {@code max(TAT, now) + T − now ≤ b·T}, and then {@code TAT = max(TAT, now) + T}. A fresh key (or a
 * TAT in the past) allows exactly {@code b} requests at once, then one every {@code T}; there is no
 * window edge to burst across.
 *
 * <p>Times are positive nanoseconds from the throttle's own epoch.
 */
final class Gcra {

    private Gcra() {
    }

    /** The emission interval of {@code requestsPerSecond}, in nanoseconds (at least 1). */
    static long interval(double requestsPerSecond) {
        return Math.max(1, (long) (1e9 / requestsPerSecond));
    }

    /**
     * The new TAT when a request at {@code now} is allowed, or {@code -wait} (the nanoseconds until
     * it would be) when it is not.
     */
    static long next(long tat, long now, long interval, long tolerance) {
        final long newTat = Math.max(tat, now) + interval;
        final long excess = newTat - now - tolerance;
        return excess > 0 ? -excess : newTat;
    }
}
