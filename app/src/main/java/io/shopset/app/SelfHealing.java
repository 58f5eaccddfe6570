package io.shopset.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopset.admin.api.ApiException;
import io.shopset.admin.heal.RehomeService;
import io.shopset.gateway.Ticker;
import io.shopset.gateway.health.SustainedFailureDetector;
import io.shopset.gateway.resolve.DataPlaneSnapshot;
import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.place.UnderReplication;

/**
 * The self-healing loop of one gateway process, on its own thread ({@code shopset-self-healing},
 * never an event loop): every {@link #EVERY} it lets the {@link SustainedFailureDetector} look at
 * the data plane, and when a ShopSet has failed for good (or the routing state changed while one
 * is failed) asks the {@link RehomeService} to re-home its shops through the single writer. It
 * keeps {@code shopset_shops_under_replicated} (shops still placed on a failed ShopSet) current.
 * A write the store refuses or cannot take is tried again after {@link #RETRY}.
 */
final class SelfHealing implements AutoCloseable {

    static final Duration EVERY = Duration.ofMillis(250);
    static final Duration RETRY = Duration.ofSeconds(5);

    private static final Logger logger = LoggerFactory.getLogger(SelfHealing.class);

    private final Supplier<@Nullable DataPlaneSnapshot> dataPlane;
    private final SustainedFailureDetector detector;
    private final @Nullable RehomeService rehome;
    private final RoutingTable table;
    private final Ticker ticker;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "shopset-self-healing");
        t.setDaemon(true);
        return t;
    });
    // Touched only on the loop's thread.
    private Set<String> triedFailed = Set.of();
    private long triedVersion = -1;
    private long retryAtNanos;
    private Set<String> countedFailed = Set.of();
    private long countedVersion = -1;
    private volatile int underReplicated;

    /**
     * @param rehome {@code null} when {@code selfHealing.enabled} is false: failures are detected and
     *               shown, nothing is moved
     */
    SelfHealing(Supplier<@Nullable DataPlaneSnapshot> dataPlane, SustainedFailureDetector detector,
                @Nullable RehomeService rehome, RoutingTable table, Ticker ticker, MeterRegistry registry) {
        this.dataPlane = dataPlane;
        this.detector = detector;
        this.rehome = rehome;
        this.table = table;
        this.ticker = ticker;
        Gauge.builder("shopset.shops.under.replicated", this, s -> s.underReplicated)
             .description("Shops still placed on a ShopSet that failed for good (no valid ShopSet could take them)")
             .register(registry);
    }

    SelfHealing start() {
        thread.scheduleWithFixedDelay(this::tick, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One round. */
    void tick() {
        try {
            final Map<String, Duration> failed = detector.observe(dataPlane.get());
            RoutingSnapshot snap = table.current();
            if (snap == null) {
                return;
            }
            if (rehome != null && !failed.isEmpty() && ticker.nanos() - retryAtNanos >= 0
                && (!failed.keySet().equals(triedFailed) || snap.version() != triedVersion)) {
                heal(failed, snap.version());
                snap = table.current();
            }
            if (snap.version() != countedVersion || !failed.keySet().equals(countedFailed)) {
                final List<String> under = UnderReplication.shops(snap.state(), snap.placements(), failed.keySet());
                underReplicated = under.size();
                countedVersion = snap.version();
                countedFailed = Set.copyOf(failed.keySet());
            }
        } catch (RuntimeException e) {
            logger.error("self-healing round failed", e);
        }
    }

    private void heal(Map<String, Duration> failed, long version) {
        try {
            final RehomeService.Result r = rehome.rehome(failed, detector.unhealthySince().keySet());
            triedFailed = Set.copyOf(failed.keySet());
            triedVersion = r.version();
        } catch (ApiException e) {
            logger.warn("re-homing the shops of {} failed ({}); trying again in {}", failed.keySet(), e.getMessage(),
                        RETRY);
            retryAtNanos = ticker.nanos() + RETRY.toNanos();
        } catch (RuntimeException e) {
            logger.error("re-homing the shops of {} failed; trying again in {}", failed.keySet(), RETRY, e);
            retryAtNanos = ticker.nanos() + RETRY.toNanos();
        }
    }

    SustainedFailureDetector detector() {
        return detector;
    }

    /** Shops still placed on a failed ShopSet, as of the last round. */
    int underReplicated() {
        return underReplicated;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
