package io.shopset.app;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

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
import io.shopset.admin.auth.Tokens;
import io.shopset.admin.server.AdminServer;
import io.shopset.gateway.Gateway;
import io.shopset.gateway.metrics.GatewayMetrics;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.source.FileRoutingSource;

/**
 * One gateway process: the routing table fed by the file store, the proxy, and the admin listener.
 * Stops in the order of CONTRACT.md: readiness off, stop accepting, finish in-flight requests up to
 * {@code shutdown.drainTimeout}, close.
 */
final class GatewayProcess implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(GatewayProcess.class);

    private final GatewayConfig config;
    private final RoutingTable table = new RoutingTable();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final FileRoutingSource source;
    private final Gateway gateway;
    private final AdminServer admin;
    private boolean stopped;

    /**
     * Starts everything.
     *
     * @param gatewayBind overrides {@code listen} when not {@code null} (the demo's ephemeral ports)
     * @param adminBind   overrides {@code admin.listen} when not {@code null}
     */
    GatewayProcess(Path configFile, GatewayConfig config, String adminToken, @Nullable InetSocketAddress gatewayBind,
                   @Nullable InetSocketAddress adminBind) throws ConfigException, InterruptedException {
        this.config = config;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        final GatewayMetrics metrics = new GatewayMetrics(registry);
        source = new FileRoutingSource(configFile, config, table, Duration.ofSeconds(1),
                                       result -> metrics.configReload(result == FileRoutingSource.Result.SUCCESS));
        try {
            gateway = Gateway.start(config, table, metrics,
                                    gatewayBind != null ? gatewayBind : address(config.listen()));
        } catch (InterruptedException | RuntimeException e) {
            source.close();
            throw e;
        }
        AdminServer a;
        try {
            a = AdminApi.start(adminBind != null ? adminBind : address(config.admin().listen()),
                               AdminApi.router(Tokens.single(adminToken), table, gateway::ready, registry::scrape));
        } catch (InterruptedException | RuntimeException e) {
            gateway.close();
            source.close();
            throw e;
        }
        admin = a;
    }

    InetSocketAddress gatewayAddress() {
        return gateway.localAddress();
    }

    InetSocketAddress adminAddress() {
        return admin.localAddress();
    }

    RoutingTable table() {
        return table;
    }

    /** Stops gracefully; returns whether every in-flight request finished within the drain timeout. */
    synchronized boolean stop() {
        if (stopped) {
            return true;
        }
        stopped = true;
        final Duration deadline = config.shutdown().drainTimeout();
        logger.info("stopping: finishing in-flight requests (up to {})", deadline);
        source.close();
        final boolean drained = gateway.stop(deadline);
        admin.close();
        logger.info("stopped{}", drained ? "" : " (deadline passed with requests in flight)");
        return drained;
    }

    @Override
    public void close() {
        stop();
    }

    static InetSocketAddress address(String hostPort) {
        final Endpoint e = Endpoint.parse(hostPort);
        return new InetSocketAddress(e.host(), e.port());
    }
}
