package io.shopset.controller;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.shopset.controller.kube.Caches;
import io.shopset.controller.kube.DeploymentPatcher;
import io.shopset.controller.kube.EventRecorder;
import io.shopset.controller.kube.Finalizers;
import io.shopset.controller.kube.Leadership;
import io.shopset.controller.kube.ReconcileLoop;
import io.shopset.controller.kube.StatusWriter;
import io.shopset.controller.reconcile.ErrorGate;
import io.shopset.controller.reconcile.Reconciler;
import io.shopset.controller.scrape.GatewayScraper;
import io.shopset.controller.scrape.GatewayTargets;
import io.shopset.routing.store.RoutingStore;
import io.shopset.routing.store.StoreUnavailableException;

/**
 * One controller replica: informer caches (always, so a standby is ready to take over), leader
 * election, the gateways' metrics scraper (the 5xx gate), and the reconcile loop that runs only
 * while this replica leads.
 *
 * <p>Threads: informer threads only trigger the loop; the {@code shopset-controller} thread runs
 * every reconcile (store writes, status patches, Deployment patches, Events, finalizers); the
 * {@code shopset-leader-election} thread runs the elector; the {@code shopset-gateway-scraper}
 * thread scrapes the gateways. Nothing here ever runs in a gateway.
 */
public final class ShopSetController implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ShopSetController.class);
    private static final Duration NOT_SYNCED_RETRY = Duration.ofMillis(100);

    private final ReconcileLoop loop;
    private final Caches caches;
    private final Leadership leadership;
    private final GatewayScraper scraper;
    private final Reconciler reconciler;
    private final boolean errorGate;

    private ShopSetController(KubernetesClient client, KubernetesClient electionClient, RoutingStore store,
                              ControllerSettings s) {
        loop = new ReconcileLoop(this::pass, s.minInterval(), s.maxBackoff(), s.resync());
        caches = new Caches(client, s.resync(), loop::trigger);
        leadership = new Leadership(electionClient, s.leaseNamespace(), s.leaseName(), s.identity(), s.leaseDuration(),
                                    s.renewDeadline(), s.retryPeriod(), loop::trigger);
        errorGate = s.errorGate();
        scraper = new GatewayScraper(targets(s, caches), s.scrapeInterval(), s.scrapeTimeout(),
                                     s.bakeTime().plus(s.scrapeInterval().multipliedBy(4)), s.clock());
        final ErrorGate gate = s.errorGate()
                ? new ErrorGate(true, s.maxErrorRatio(), s.scrapeInterval(),
                                (tier, from, to) -> scraper.history().ratio(tier, from, to))
                : ErrorGate.off();
        reconciler = new Reconciler(caches::snapshot, store, new StatusWriter(client), new Finalizers(client),
                                    new EventRecorder(client, s.eventNamespace(), s.identity()),
                                    new DeploymentPatcher(client), leadership::leading, s.identity(), s.bakeTime(),
                                    gate, s.clock());
    }

    private static Supplier<List<URI>> targets(ControllerSettings s, Caches caches) {
        if (!s.gatewayMetrics().isEmpty()) {
            return GatewayTargets.fixed(s.gatewayMetrics());
        }
        if (s.gatewayService() != null) {
            final String[] ns = s.gatewayService().split("/", 2);
            return GatewayTargets.fromService(ns[0], ns[1], s.gatewayAdminPort(), caches::slices);
        }
        if (s.errorGate()) {
            logger.warn("the 5xx gate is on but no gateways are configured (gateway metrics URLs or Service): " +
                        "it will hold every release that has a lower tier");
        }
        return GatewayTargets.fixed(List.of());
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
        if (c.errorGate) {
            c.scraper.start();
        }
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

    /** Scrapes the gateways now (on the scraper's thread) and waits for it. */
    public void scrapeGateways() throws InterruptedException {
        scraper.scrapeNow();
    }

    /** The gateways' metrics scraper (the 5xx gate's counts). */
    public GatewayScraper scraper() {
        return scraper;
    }

    /** How long the last reconcile pass took. */
    public Duration lastPass() {
        return loop.lastPass();
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
        scraper.close();
        loop.close();
        caches.close();
    }
}
