package io.shopset.controller.kube;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;

/**
 * Leader election through a {@code coordination.k8s.io} Lease: exactly one replica leads (and
 * writes); the others keep their caches warm and wait.
 *
 * <p>fabric8's {@link LeaderElector} cannot be reused once leadership is lost: every round gets a
 * new one. The elector's client should fail fast ({@code requestRetryBackoffLimit(0)}): with the
 * default retries a leader whose renewals fail keeps believing it leads for ten seconds and more
 * after another took over; failing fast it steps down within the renew deadline. {@link #leading()}
 * turns false as soon as the elector stops leading; the writers check it before every write.
 */
public final class Leadership implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(Leadership.class);

    private final KubernetesClient client;
    private final LeaseLock lock;
    private final String identity;
    private final Duration leaseDuration;
    private final Duration renewDeadline;
    private final Duration retryPeriod;
    private final Runnable onStart;
    private final ScheduledExecutorService executor;
    private volatile boolean leading;
    private volatile boolean closed;
    private volatile @Nullable String leader;
    private volatile @Nullable CompletableFuture<?> round;

    /**
     * @param client  a client that fails fast (no request retries)
     * @param onStart runs when this replica becomes the leader
     */
    public Leadership(KubernetesClient client, String namespace, String leaseName, String identity,
                      Duration leaseDuration, Duration renewDeadline, Duration retryPeriod, Runnable onStart) {
        this.client = client;
        this.identity = identity;
        lock = new LeaseLock(namespace, leaseName, identity);
        this.leaseDuration = leaseDuration;
        this.renewDeadline = renewDeadline;
        this.retryPeriod = retryPeriod;
        this.onStart = onStart;
        executor = Executors.newScheduledThreadPool(1, r -> {
            final Thread t = new Thread(r, "shopset-leader-election");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        executor.execute(this::round);
    }

    /** Whether this replica leads now. */
    public boolean leading() {
        return leading && !closed;
    }

    /** The identity of the leader this replica last saw, or {@code null}. */
    public @Nullable String leader() {
        return leader;
    }

    private void round() {
        if (closed) {
            return;
        }
        final LeaderElectionConfig config = new LeaderElectionConfig(
                lock, leaseDuration, renewDeadline, retryPeriod,
                new LeaderCallbacks(() -> {
                    logger.info("{} leads: reconciling", identity);
                    leading = true;
                    onStart.run();
                }, () -> {
                    logger.info("{} stopped leading", identity);
                    leading = false;
                }, newLeader -> leader = newLeader),
                true, "shopset-controller");
        final LeaderElector elector = client.leaderElector().withConfig(config).build();
        final CompletableFuture<?> f = elector.start();
        round = f;
        f.whenComplete((ok, error) -> {
            leading = false;
            if (!closed) {
                if (error != null) {
                    logger.warn("leader election round ended: {}", error.toString());
                }
                executor.schedule(this::round, retryPeriod.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Stops competing; a leader releases the Lease so another replica takes over at once. */
    @Override
    public void close() {
        closed = true;
        leading = false;
        final CompletableFuture<?> f = round;
        if (f != null) {
            f.cancel(true);
        }
        executor.shutdownNow();
    }
}
