package io.shopset.gateway.metrics;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.shopset.gateway.Ticker;
import io.shopset.gateway.select.Backend;

/**
 * Each ShopSet's recent request rate and error rate, for people (the status page through
 * {@code GET /api/v1/shopsets}); Prometheus computes its own from {@code shopset_requests_total}.
 *
 * <p>The request path is not touched: {@link #sample} reads the ShopSets' request counters (those
 * behind {@code shopset_requests_total}) and keeps the difference since the previous sample. One
 * thread samples (the gateway's health event loop, every second); readers on any thread get the
 * last published map.
 */
public final class ShopSetRates {

    /**
     * One ShopSet's traffic over the last sampling interval.
     *
     * @param requestsPerSecond responses per second, every status
     * @param errorRate         the share of them that were 5xx, from 0 to 1 (0 without traffic)
     */
    public record Rate(double requestsPerSecond, double errorRate) {
    }

    /** Counter values at the previous sample. */
    private record Counts(long answered, long errors) {
    }

    private final Ticker ticker;
    // The sampling thread's own state.
    private Map<String, Counts> previous = Map.of();
    private long previousNanos;
    private volatile Map<String, Rate> rates = Map.of();

    public ShopSetRates(Ticker ticker) {
        this.ticker = ticker;
        previousNanos = ticker.nanos();
    }

    /**
     * Reads the counters of {@code backends} and publishes each one's rate since the previous call.
     * A ShopSet seen for the first time gets its rate from the next call on. One thread only.
     */
    public void sample(Iterable<Backend> backends) {
        final long now = ticker.nanos();
        final double seconds = (now - previousNanos) / 1e9;
        final Map<String, Counts> counts = new HashMap<>();
        final Map<String, Rate> next = new HashMap<>();
        for (Backend b : backends) {
            final Counts c = new Counts(b.meters().answered(), b.meters().errors());
            counts.put(b.name(), c);
            final Counts before = previous.get(b.name());
            if (before == null || seconds <= 0) {
                continue;
            }
            // A counter that went backwards (the ShopSet's tier or domain changed: new labels) starts over.
            final long answered = Math.max(0, c.answered() - before.answered());
            final long errors = Math.min(answered, Math.max(0, c.errors() - before.errors()));
            next.put(b.name(), new Rate(answered / seconds, answered == 0 ? 0 : (double) errors / answered));
        }
        previous = counts;
        previousNanos = now;
        rates = Map.copyOf(next);
    }

    /** The rate of ShopSet {@code name} over the last interval, or {@code null} before two samples saw it. */
    public @Nullable Rate rate(String name) {
        return rates.get(name);
    }
}
