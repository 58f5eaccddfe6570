package io.shopset.loadtest.harness;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs disruptive actions (kill a ShopSet, restart a pod) off Gatling's threads, one at a time, in
 * the order asked; each is logged as an event of the {@link TrafficRecorder} when it starts and ends.
 */
public final class Chaos implements AutoCloseable {

    private final TrafficRecorder recorder;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        final Thread t = new Thread(r, "loadtest-chaos");
        t.setDaemon(true);
        return t;
    });

    public Chaos(TrafficRecorder recorder) {
        this.recorder = recorder;
    }

    /** Runs {@code action} on the chaos thread; {@code what} names it in the events. */
    public void submit(String what, Runnable action) {
        thread.execute(() -> {
            recorder.event(what);
            try {
                action.run();
                recorder.event(what + ": done");
            } catch (RuntimeException e) {
                recorder.event(what + ": FAILED " + e);
            }
        });
    }

    /** Waits for the actions asked so far, then stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
