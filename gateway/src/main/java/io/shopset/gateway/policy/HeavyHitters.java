package io.shopset.gateway.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The busiest shops by recent request rate: the feed that decides which shops to warm or isolate
 * before a sale ({@code GET /api/v1/top-shops}).
 *
 * <p>Each event loop counts into its own bounded table (Space-Saving style: at most
 * {@value #CAPACITY} shops; a new shop in a full table replaces the smallest of a few sampled
 * entries and inherits its count, so a heavy hitter is never lost and counts only err upwards by
 * at most that minimum). Every second each loop publishes its window and starts a new one; readers
 * merge the last windows of all loops. Counting is a hash-map update on the loop's own thread: no
 * lock, no sharing.
 */
public final class HeavyHitters {

    static final int CAPACITY = 2048;
    private static final int SAMPLES = 8;

    /** One shop and its rate over the last window. */
    public record ShopRate(String shop, double requestsPerSecond) {
    }

    private final FastThreadLocal<Window> windows = new FastThreadLocal<>() {
        @Override
        protected Window initialValue() {
            final Window w = new Window();
            synchronized (all) {
                all.add(w);
            }
            return w;
        }
    };
    private final List<Window> all = new ArrayList<>();

    /** Starts the per-second publication on every loop of {@code workers}. */
    public void start(EventLoopGroup workers) {
        for (EventExecutor loop : workers) {
            loop.scheduleAtFixedRate(() -> windows.get().publish(), 1, 1, TimeUnit.SECONDS);
        }
    }

    /** Publishes the calling thread's window now (what each loop does every second). */
    void publishNow() {
        windows.get().publish();
    }

    /** Counts one request to {@code shop}. Event loop only. */
    public void count(String shop) {
        windows.get().count(shop);
    }

    /** The {@code n} busiest shops over the last published second, busiest first. */
    public List<ShopRate> top(int n) {
        final Map<String, Long> merged = new HashMap<>();
        final List<Window> windowsNow;
        synchronized (all) {
            windowsNow = new ArrayList<>(all);
        }
        for (Window w : windowsNow) {
            w.published.forEach((shop, count) -> merged.merge(shop, count, Long::sum));
        }
        return merged.entrySet().stream()
                     .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                     .limit(n)
                     .map(e -> new ShopRate(e.getKey(), e.getValue()))
                     .toList();
    }

    /** One event loop's counts. Only its loop writes {@code counts}; readers see {@code published}. */
    private static final class Window {
        private final HashMap<String, long[]> counts = new HashMap<>();
        private final ArrayList<String> keys = new ArrayList<>();
        private volatile Map<String, Long> published = Map.of();

        void count(String shop) {
            final long[] c = counts.get(shop);
            if (c != null) {
                c[0]++;
                return;
            }
            if (counts.size() < CAPACITY) {
                counts.put(shop, new long[] {1});
                keys.add(shop);
                return;
            }
            // Full: replace the smallest of a few sampled entries; the newcomer inherits its count.
            final ThreadLocalRandom r = ThreadLocalRandom.current();
            int victim = r.nextInt(keys.size());
            long min = counts.get(keys.get(victim))[0];
            for (int i = 1; i < SAMPLES; i++) {
                final int k = r.nextInt(keys.size());
                final long v = counts.get(keys.get(k))[0];
                if (v < min) {
                    min = v;
                    victim = k;
                }
            }
            final long[] slot = counts.remove(keys.get(victim));
            slot[0]++;
            counts.put(shop, slot);
            keys.set(victim, shop);
        }

        void publish() {
            final Map<String, Long> snapshot = new HashMap<>(counts.size() * 2);
            counts.forEach((k, v) -> snapshot.put(k, v[0]));
            published = snapshot;
            counts.clear();
            keys.clear();
        }
    }
}
