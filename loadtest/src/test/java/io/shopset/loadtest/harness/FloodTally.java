package io.shopset.loadtest.harness;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * What a bot flood got back: admitted (200), rejected (429, 503), anything else, and for the
 * rejections the throttle scope the gateway named ({@code RateLimit-Policy: "shop";q=10;w=1} gives
 * {@code shop}) and whether {@code Retry-After} came with them.
 *
 * <p>Concurrency: recorded from Gatling's threads; counters only.
 */
public final class FloodTally {

    private final LongAdder admitted = new LongAdder();
    private final LongAdder tooManyRequests = new LongAdder();
    private final LongAdder unavailable = new LongAdder();
    private final LongAdder other = new LongAdder();
    private final LongAdder withoutRetryAfter = new LongAdder();
    private final Map<String, LongAdder> byScope = new ConcurrentHashMap<>();
    private final LatencyHistogram admittedLatency = new LatencyHistogram();
    private final LatencyHistogram rejectedLatency = new LatencyHistogram();

    /**
     * Records one response.
     *
     * @param status     its status, or {@code null} when none came (connection failure)
     * @param policy     its {@code RateLimit-Policy}, if any
     * @param retryAfter its {@code Retry-After}, if any
     */
    public void record(@Nullable Integer status, @Nullable String policy, @Nullable String retryAfter,
                       @Nullable Integer millis) {
        if (status == null) {
            other.increment();
            return;
        }
        switch (status) {
            case 200 -> {
                admitted.increment();
                if (millis != null) {
                    admittedLatency.record(millis);
                }
                return;
            }
            case 429 -> tooManyRequests.increment();
            case 503 -> unavailable.increment();
            default -> {
                other.increment();
                return;
            }
        }
        if (millis != null) {
            rejectedLatency.record(millis);
        }
        if (retryAfter == null || retryAfter.isBlank()) {
            withoutRetryAfter.increment();
        }
        final String scope = scopeOf(policy, status);
        LongAdder n = byScope.get(scope);
        if (n == null) {
            byScope.putIfAbsent(scope, new LongAdder());
            n = byScope.get(scope);
        }
        n.increment();
    }

    public long sent() {
        return admitted() + rejected() + other();
    }

    public long admitted() {
        return admitted.sum();
    }

    public long rejected() {
        return tooManyRequests.sum() + unavailable.sum();
    }

    public long tooManyRequests() {
        return tooManyRequests.sum();
    }

    public long unavailable() {
        return unavailable.sum();
    }

    /** Responses that were neither 200, 429 nor 503, and requests that got no response. */
    public long other() {
        return other.sum();
    }

    public long rejectedWithoutRetryAfter() {
        return withoutRetryAfter.sum();
    }

    /** Rejections by the scope the gateway named ({@code 503} alone for a 503 without a policy). */
    public Map<String, Long> rejectedByScope() {
        final Map<String, Long> m = new TreeMap<>();
        byScope.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public double rejectedPercent() {
        final long n = sent();
        return n == 0 ? 0 : 100.0 * rejected() / n;
    }

    public LatencyHistogram admittedLatency() {
        return admittedLatency;
    }

    public LatencyHistogram rejectedLatency() {
        return rejectedLatency;
    }

    /** {@code "shop";q=10;w=1} gives {@code shop}; without a policy, the status. */
    static String scopeOf(@Nullable String policy, int status) {
        if (policy == null) {
            return String.valueOf(status);
        }
        final String p = policy.trim();
        if (p.startsWith("\"")) {
            final int close = p.indexOf('"', 1);
            if (close > 0) {
                return p.substring(1, close);
            }
        }
        return p;
    }
}
