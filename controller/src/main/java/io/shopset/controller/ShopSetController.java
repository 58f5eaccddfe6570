package io.shopset.controller;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.shopset.controller.kube.Caches;
import io.shopset.controller.kube.EventRecorder;
import io.shopset.controller.kube.Finalizers;
import io.shopset.controller.kube.Leadership;
import io.shopset.controller.kube.ReconcileLoop;
import io.shopset.controller.kube.StatusWriter;
import io.shopset.controller.reconcile.Reconciler;
import io.shopset.routing.store.RoutingStore;
import io.shopset.routing.store.StoreUnavailableException;

/**
 * One controller replica: informer caches (always, so a standby is ready to take over), leader
 * election, and the reconcile loop that runs only while this replica leads.
 *
 * <p>Threads: informer threads only trigger the loop; the {@code shopset-controller} thread runs
 * every reconcile (store writes, status patches, Events, finalizers); the
 * {@code shopset-leader-election} thread runs the elector. Nothing here ever runs in a gateway.
 */
public final class ShopSetController implements AutoCloseable {

    private static final Duration NOT_SYNCED_RETRY = Duration.ofMillis(100);

    private final ReconcileLoop loop;
    private final Caches caches;
    private final Leadership leadership;
    private final Reconciler reconciler;

    private ShopSetController(KubernetesClient client, KubernetesClient electionClient, RoutingStore store,
                              ControllerSettings s) {
        loop = new ReconcileLoop(this::pass, s.minInterval(), s.maxBackoff(), s.resync());
        caches = new Caches(client, s.resync(), loop::trigger);
        leadership = new Leadership(electionClient, s.leaseNamespace(), s.leaseName(), s.identity(), s.leaseDuration(),
                                    s.renewDeadline(), s.retryPeriod(), loop::trigger);
        reconciler = new Reconciler(caches::snapshot, store, new StatusWriter(client), new Finalizers(client),
                                    new EventRecorder(client, s.eventNamespace(), s.identity()), leadership::leading,
                                    s.identity(), s.bakeTime(), s.clock());
    }

    /**
     * Starts a replica.
     *
     * @param client         for informers, statuses, finalizers and Events
     * @param electionClient for the Lease; should fail fast ({@code requestRetryBackoffLimit(0)})
     * @param store          the routing store the leader writes (Redis in production)
     */
    public static ShopSetController start(KubernetesClient client, KubernetesClient electionClient, RoutingStore store,
                                          ControllerSettings settings) {
        final ShopSetController c = new ShopSetController(client, electionClient, store, settings);
        c.loop.start();
        c.leadership.start();
        return c;
    }

    /** Whether this replica leads (and so writes). */
    public boolean leading() {
        return leadership.leading();
    }

    /** The leader this replica last saw. */
    public @Nullable String leader() {
        return leadership.leader();
    }

    /** Whether the caches are complete: the replica can lead. */
    public boolean ready() {
        return caches.synced();
    }

    /** Reconcile passes run so far. */
    public long passes() {
        return loop.passes();
    }

    /** Asks for a reconcile now. */
    public void trigger() {
        loop.trigger();
    }

    private @Nullable Duration pass() throws StoreUnavailableException {
        if (!leadership.leading()) {
            return null;
        }
        if (!caches.synced()) {
            return NOT_SYNCED_RETRY;
        }
        return reconciler.reconcile();
    }

    /** Steps down (releasing the Lease), stops the loop and the informers. */
    @Override
    public void close() {
        leadership.close();
        loop.close();
        caches.close();
    }
}
