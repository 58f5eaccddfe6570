package io.shopset.app;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shopset.admin.AdminApi;
import io.shopset.admin.api.Router;
import io.shopset.admin.api.TopShopsResource;
import io.shopset.gateway.Ticker;
import io.shopset.admin.auth.Tokens;
import io.shopset.admin.change.ChangeService;
import io.shopset.admin.heal.RehomeService;
import io.shopset.admin.warmup.WarmupFlipper;
import io.shopset.gateway.health.SustainedFailureDetector;
import io.shopset.gateway.policy.HeavyHitters;
import io.shopset.admin.server.AdminServer;
import io.shopset.gateway.Gateway;
import io.shopset.gateway.metrics.GatewayMetrics;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.source.FileRoutingSource;
import io.shopset.routing.store.FileRoutingStore;
import io.shopset.routing.store.RoutingStore;
import io.shopset.routing.store.redis.RedisRoutingStore;

/**
 * One gateway process: the routing table fed by its store (the file store, or Redis shared by
 * replicas), the proxy, and the admin listener with the admin API. Stops in the order of
 * CONTRACT.md: readiness off, stop accepting, finish in-flight requests up to
 * {@code shutdown.drainTimeout}, close. Public for the control-plane benchmark (bench/control-plane).
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(GatewayProcess.class);
    /** Shops whose rates rebalance and what-if read (the heavy hitters track at most this many per loop). */
    private static final int TRACKED_SHOPS = 2048;
    /** How often ended warm-ups are looked for. */
    static final Duration WARMUP_CHECK = Duration.ofMillis(500);

    private final GatewayConfig config;
    private final RoutingTable table = new RoutingTable();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RoutingStore store;
    private final Gateway gateway;
    private final AdminServer admin;
    private final SelfHealing selfHealing;
    private final WarmupFlipper warmups;
    private boolean stopped;

    /**
     * Starts everything.
     *
     * @param gatewayBind overrides {@code listen} when not {@code null} (the demo's ephemeral ports)
     * @param adminBind   overrides {@code admin.listen} when not {@code null}
     */
    public GatewayProcess(Path configFile, GatewayConfig config, Tokens tokens, @Nullable InetSocketAddress gatewayBind,
                          @Nullable InetSocketAddress adminBind) throws ConfigException, InterruptedException {
        this(configFile, config, tokens, gatewayBind, adminBind, Ticker.SYSTEM, Clock.systemUTC());
    }

    /**
     * As the public constructor, with the data plane and self-healing on {@code ticker}'s time and
     * admin changes (audit times, warm-up deadlines) on {@code clock} (tests).
     */
    GatewayProcess(Path configFile, GatewayConfig config, Tokens tokens, @Nullable InetSocketAddress gatewayBind,
                   @Nullable InetSocketAddress adminBind, Ticker ticker, Clock clock)
            throws ConfigException, InterruptedException {
        this.config = config;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new HeapAllocationMetrics().bindTo(registry);
        final GatewayMetrics metrics = new GatewayMetrics(registry);
        metrics.buildInfo(VersionProvider.version(), System.getProperty("java.version"));
        store = openStore(configFile, config, table, metrics);
        try {
            gateway = Gateway.start(config, table, metrics,
                                    gatewayBind != null ? gatewayBind : address(config.listen()), ticker);
        } catch (InterruptedException | RuntimeException e) {
            store.close();
            throw e;
        }
        final SustainedFailureDetector failures = new SustainedFailureDetector(config.selfHealing().gracePeriod(),
                                                                              ticker);
        AdminServer a;
        try {
            final Router router = AdminApi.router(tokens, table, store, new DataPlaneHealth(gateway, ticker, failures),
                                                  config.preferLocalFailureDomain() ? config.gatewayFailureDomain() : null,
                                                  clock, gateway::ready, registry::scrape, this::rates,
                                                  gateway.mirror()::mirrored);
            TopShopsResource.register(router, n -> gateway.topShops(n).stream()
                    .map(r -> new TopShopsResource.ShopRate(r.shop(), r.requestsPerSecond())).toList());
            a = AdminApi.start(adminBind != null ? adminBind : address(config.admin().listen()), router);
        } catch (InterruptedException | RuntimeException e) {
            gateway.close();
            store.close();
            throw e;
        }
        admin = a;
        selfHealing = new SelfHealing(gateway::dataPlane, failures,
                                      config.selfHealing().enabled()
                                              ? new RehomeService(new ChangeService(store, clock)) : null,
                                      table, ticker, registry).start();
        warmups = new WarmupFlipper(new ChangeService(store, clock)).start(WARMUP_CHECK);
    }

    /** The data plane's recent request rates by shop (its top-shops feed), for rebalance and what-if. */
    private Map<String, Double> rates() {
        final Map<String, Double> out = new HashMap<>();
        for (HeavyHitters.ShopRate r : gateway.topShops(TRACKED_SHOPS)) {
            out.put(r.shop(), r.requestsPerSecond());
        }
        return out;
    }

    /** The store named by {@code store}: the file store, or Redis. */
    static RoutingStore openStore(Path configFile, GatewayConfig config, RoutingTable table, GatewayMetrics metrics)
            throws ConfigException {
        final Path stateFile = stateFile(configFile, config);
        final Path auditFile = FileRoutingStore.auditFileFor(stateFile);
        if (config.store().startsWith("redis://")) {
            return RedisRoutingStore.start(config.store(), config.routingState(),
                                           RedisRoutingStore.lastGoodFileFor(stateFile), auditFile, table);
        }
        try {
            return FileRoutingStore.open(configFile, config, stateFile, auditFile, table, Duration.ofSeconds(1),
                                         result -> {
                                             if (result != FileRoutingSource.Result.IGNORED) {
                                                 metrics.configReload(result == FileRoutingSource.Result.SUCCESS);
                                             }
                                         });
        } catch (java.io.IOException e) {
            throw new ConfigException(java.util.List.of(new io.shopset.routing.config.ConfigError(
                    "stateFile", "cannot read " + stateFile + ": " + e.getMessage())));
        }
    }

    /** {@code stateFile}, relative to the configuration file's folder unless absolute. */
    static Path stateFile(Path configFile, GatewayConfig config) {
        final Path p = Path.of(config.stateFile());
        if (p.isAbsolute()) {
            return p;
        }
        final Path dir = configFile.toAbsolutePath().getParent();
        return dir == null ? p.toAbsolutePath() : dir.resolve(p);
    }

    public InetSocketAddress gatewayAddress() {
        return gateway.localAddress();
    }

    public InetSocketAddress adminAddress() {
        return admin.localAddress();
    }

    public RoutingTable table() {
        return table;
    }

    public RoutingStore store() {
        return store;
    }

    /** Ends warm-ups (tests call it directly). */
    WarmupFlipper warmups() {
        return warmups;
    }

    /** The data plane (tests read its warm-up mirror; benchmarks and views). */
    public Gateway gateway() {
        return gateway;
    }

    /** The self-healing loop (tests read its detector and count). */
    SelfHealing selfHealing() {
        return selfHealing;
    }

    /** Stops gracefully; returns whether every in-flight request finished within the drain timeout. */
    public synchronized boolean stop() {
        if (stopped) {
            return true;
        }
        stopped = true;
        final Duration deadline = config.shutdown().drainTimeout();
        final Duration preStop = config.shutdown().preStopDelay();
        gateway.markNotReady();
        if (!preStop.isZero()) {
            logger.info("stopping: not ready; serving {} more before closing the listener", preStop);
            try {
                Thread.sleep(preStop.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        selfHealing.close();
        warmups.close();
        logger.info("stopping: finishing in-flight requests (up to {})", deadline);
        final boolean drained = gateway.stop(deadline);
        admin.close();
        store.close();
        logger.info("stopped{}", drained ? "" : " (deadline passed with requests in flight)");
        return drained;
    }

    @Override
    public void close() {
        stop();
    }

    static InetSocketAddress address(String hostPort) {
        return io.shopset.routing.config.ListenAddress.parse(hostPort).toSocketAddress();
    }
}
