package io.shopset.controller.kube;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work queue, reduced to what a level-based controller needs: one key ("everything").
 *
 * <p>Concurrency: every pass runs on the one {@code shopset-controller} thread, so passes never
 * overlap and need no locks. {@link #trigger()} is called from informer threads: it only schedules
 * a pass unless one is already scheduled (events that arrive in a burst coalesce into one pass).
 * Passes start at least {@code minInterval} apart (the rate limit). A pass that throws is retried
 * with exponential backoff ({@code minInterval} doubling up to {@code maxBackoff}); a pass may ask
 * to run again after a delay (a release's bake time). A resync every {@code resync} catches
 * anything missed.
 */
public final class ReconcileLoop implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ReconcileLoop.class);

    private final Callable<@Nullable Duration> pass;
    private final Duration minInterval;
    private final Duration maxBackoff;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean started;
    private final AtomicLong passes = new AtomicLong();
    private volatile long lastPassNanos;
    private volatile long lastStart = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    // Only on the executor thread.
    private int failures;

    public ReconcileLoop(Callable<@Nullable Duration> pass, Duration minInterval, Duration maxBackoff, Duration resync) {
        this.pass = pass;
        this.minInterval = minInterval;
        this.maxBackoff = maxBackoff;
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "shopset-controller");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::trigger, resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets passes run (triggers before this only mark one as wanted) and asks for one. */
    public void start() {
        started = true;
        trigger();
    }

    /** Asks for a pass; returns at once. */
    public void trigger() {
        if (!started || executor.isShutdown() || !scheduled.compareAndSet(false, true)) {
            return;
        }
        final long wait = Math.max(0, lastStart + minInterval.toNanos() - System.nanoTime());
        try {
            executor.schedule(this::run, wait, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            scheduled.set(false);
        }
    }

    /** Passes completed (successful or not). */
    public long passes() {
        return passes.get();
    }

    /** How long the last pass took. */
    public Duration lastPass() {
        return Duration.ofNanos(lastPassNanos);
    }

    private void run() {
        scheduled.set(false);
        lastStart = System.nanoTime();
        try {
            final Duration again = pass.call();
            failures = 0;
            if (again != null) {
                later(again);
            }
        } catch (Exception e) {
            if (executor.isShutdown()) {
                return;
            }
            failures++;
            final long backoff = Math.min(maxBackoff.toMillis(),
                                          minInterval.toMillis() * (1L << Math.min(failures, 20)));
            logger.warn("reconcile failed ({} in a row), retrying in {} ms: {}", failures, backoff, e.toString(),
                        failures == 1 ? e : null);
            later(Duration.ofMillis(backoff));
        } catch (Error e) {
            logger.error("reconcile failed", e);
            throw e;
        } finally {
            lastPassNanos = System.nanoTime() - lastStart;
            passes.incrementAndGet();
        }
    }

    private void later(Duration d) {
        if (!executor.isShutdown()) {
            executor.schedule(this::trigger, Math.max(1, d.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
