package io.shopset.loadtest.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * What the simulation saw, beside Gatling's own statistics, for the run summary and the traffic
 * timeline: latency histograms per phase, responses per second per ShopSet, failures per second,
 * and timestamps of notable moments (a kill, the first response moved elsewhere).
 *
 * <p>Concurrency: {@link #record} runs on Gatling's threads for every response; all state is atomic
 * counters, and maps are read with {@code get} before {@code putIfAbsent}. Time is seconds since
 * {@link #start()}.
 */
public final class TrafficRecorder {

    private static final int MAX_SECONDS = 3_600;
    /** Responses slower than this are counted per second in the timeline ({@code slow}). */
    public static final int SLOW_MILLIS = 100;

    private final LatencyHistogram all = new LatencyHistogram();
    private final Map<String, LatencyHistogram> byPhase = new ConcurrentHashMap<>();
    private final Map<String, AtomicLongArray> okPerSecondByShopSet = new ConcurrentHashMap<>();
    private final AtomicLongArray failuresPerSecond = new AtomicLongArray(MAX_SECONDS);
    private final AtomicLongArray slowPerSecond = new AtomicLongArray(MAX_SECONDS);
    private final LongAdder ok = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<String, Long> firstNanos = new ConcurrentHashMap<>();
    private final Map<String, Long> lastNanos = new ConcurrentHashMap<>();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong lastResponseNanos = new AtomicLong();
    private volatile long startNanos = System.nanoTime();

    /** Sets time zero: call when the injection starts (in {@code before()}). */
    public void start() {
        startNanos = System.nanoTime();
    }

    /** Records one response (or failure) of {@code phase}. */
    public void record(String phase, @Nullable Integer millis, @Nullable String shopSet, boolean success) {
        final long now = System.nanoTime();
        lastResponseNanos.accumulateAndGet(now, Math::max);
        final int second = second(now);
        if (success) {
            ok.increment();
            if (shopSet != null) {
                perSecond(shopSet).incrementAndGet(second);
            }
        } else {
            failed.increment();
            failuresPerSecond.incrementAndGet(second);
            noteLast("failure");
        }
        if (millis != null) {
            if (millis > SLOW_MILLIS) {
                slowPerSecond.incrementAndGet(second);
            }
            all.record(millis);
            LatencyHistogram h = byPhase.get(phase);
            if (h == null) {
                byPhase.putIfAbsent(phase, new LatencyHistogram());
                h = byPhase.get(phase);
            }
            h.record(millis);
        }
    }

    /** Remembers the first time {@code what} happened. */
    public void noteFirst(String what) {
        firstNanos.putIfAbsent(what, System.nanoTime());
    }

    /** Remembers the last time {@code what} happened. */
    public void noteLast(String what) {
        lastNanos.merge(what, System.nanoTime(), Math::max);
    }

    /** Logs a chaos event with its time. */
    public void event(String what) {
        noteFirst(what);
        final String line = String.format("%6.1fs  %s", seconds(System.nanoTime()), what);
        events.add(line);
        System.out.println("[chaos] " + line);
    }

    /** Milliseconds from the first {@code from} to the first {@code to}, or -1 if either never happened. */
    public long millisBetweenFirst(String from, String to) {
        final Long a = firstNanos.get(from);
        final Long b = firstNanos.get(to);
        return a == null || b == null ? -1 : (b - a) / 1_000_000;
    }

    /** Milliseconds from the first {@code from} to the last {@code to}, or -1 if either never happened. */
    public long millisFromFirstToLast(String from, String to) {
        final Long a = firstNanos.get(from);
        final Long b = lastNanos.get(to);
        return a == null || b == null ? -1 : Math.max(0, (b - a) / 1_000_000);
    }

    /** Seconds since start of the first {@code what}, or -1. */
    public double secondsAt(String what) {
        final Long t = firstNanos.get(what);
        return t == null ? -1 : seconds(t);
    }

    public LatencyHistogram all() {
        return all;
    }

    public LatencyHistogram phase(String phase) {
        final LatencyHistogram h = byPhase.get(phase);
        return h != null ? h : new LatencyHistogram();
    }

    public long ok() {
        return ok.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public double failedPercent() {
        final long total = ok() + failed();
        return total == 0 ? 0 : 100.0 * failed() / total;
    }

    /** Successful responses per second over the run (from start to the last response). */
    public double throughput() {
        final double secs = seconds(lastResponseNanos.get());
        return secs <= 0 ? 0 : ok() / secs;
    }

    public List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /**
     * Responses per {@code bucketSeconds} per group (as {@code groupOf} maps ShopSets), plus failures and
     * responses slower than {@link #SLOW_MILLIS} ({@code slow}).
     */
    public List<Map<String, Object>> timeline(int bucketSeconds, Function<String, String> groupOf) {
        final int last = Math.min(MAX_SECONDS - 1, second(lastResponseNanos.get()));
        final TreeSet<String> groups = new TreeSet<>();
        okPerSecondByShopSet.keySet().forEach(s -> groups.add(groupOf.apply(s)));
        final List<Map<String, Object>> rows = new ArrayList<>();
        for (int from = 0; from <= last; from += bucketSeconds) {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("second", from);
            final Map<String, Long> byGroup = new LinkedHashMap<>();
            groups.forEach(g -> byGroup.put(g, 0L));
            long failures = 0;
            long slow = 0;
            for (int s = from; s < Math.min(from + bucketSeconds, MAX_SECONDS); s++) {
                for (Map.Entry<String, AtomicLongArray> e : okPerSecondByShopSet.entrySet()) {
                    byGroup.merge(groupOf.apply(e.getKey()), e.getValue().get(s), Long::sum);
                }
                failures += failuresPerSecond.get(s);
                slow += slowPerSecond.get(s);
            }
            row.putAll(byGroup);
            row.put("failed", failures);
            row.put("slow", slow);
            rows.add(row);
        }
        return rows;
    }

    private AtomicLongArray perSecond(String shopSet) {
        AtomicLongArray a = okPerSecondByShopSet.get(shopSet);
        if (a == null) {
            okPerSecondByShopSet.putIfAbsent(shopSet, new AtomicLongArray(MAX_SECONDS));
            a = okPerSecondByShopSet.get(shopSet);
        }
        return a;
    }

    private int second(long nanos) {
        return (int) Math.max(0, Math.min(MAX_SECONDS - 1, (nanos - startNanos) / 1_000_000_000L));
    }

    private double seconds(long nanos) {
        return (nanos - startNanos) / 1e9;
    }
}
