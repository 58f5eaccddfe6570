package io.shopset.loadtest.harness;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Response times at millisecond resolution (as Gatling reports them), lock-free: one counter per
 * millisecond up to a minute, the rest in an overflow bucket.
 */
public final class LatencyHistogram {

    private static final int MAX_MILLIS = 60_000;

    private final AtomicLongArray buckets = new AtomicLongArray(MAX_MILLIS + 1);
    private final LongAdder count = new LongAdder();
    private final LongAdder sum = new LongAdder();

    public void record(long millis) {
        final int bucket = (int) Math.max(0, Math.min(MAX_MILLIS, millis));
        buckets.incrementAndGet(bucket);
        count.increment();
        sum.add(bucket);
    }

    public long count() {
        return count.sum();
    }

    public double mean() {
        final long n = count.sum();
        return n == 0 ? 0 : (double) sum.sum() / n;
    }

    /** The smallest value in ms that at least {@code percent}% of the samples do not exceed; 0 when empty. */
    public long percentile(double percent) {
        long total = 0;
        for (int i = 0; i <= MAX_MILLIS; i++) {
            total += buckets.get(i);
        }
        if (total == 0) {
            return 0;
        }
        final long rank = Math.max(1, (long) Math.ceil(total * percent / 100.0));
        long seen = 0;
        for (int i = 0; i <= MAX_MILLIS; i++) {
            seen += buckets.get(i);
            if (seen >= rank) {
                return i;
            }
        }
        return MAX_MILLIS;
    }

    public long max() {
        for (int i = MAX_MILLIS; i >= 0; i--) {
            if (buckets.get(i) > 0) {
                return i;
            }
        }
        return 0;
    }
}
