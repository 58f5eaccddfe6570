package io.shopset.gateway.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shopset.routing.model.ShopSet;

/**
 * The data plane's meters. Created once per gateway; per-ShopSet meters come from
 * {@link #shopSet(ShopSet)} on the control path.
 */
public final class GatewayMetrics {

    private final MeterRegistry registry;
    private final Timer requestDuration;
    private final ShopSetMeters none;
    private final Counter failovers;
    private final Counter reloadSuccess;
    private final Counter reloadFailure;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        requestDuration = Timer.builder(GatewayMeterNames.REQUEST_DURATION)
                               .description("Time from the request head to the last response byte")
                               .publishPercentileHistogram()
                               .minimumExpectedValue(Duration.ofMillis(1))
                               .maximumExpectedValue(Duration.ofSeconds(60))
                               .register(registry);
        none = new ShopSetMeters(registry, GatewayMeterNames.NONE, GatewayMeterNames.NONE, GatewayMeterNames.NONE);
        failovers = Counter.builder(GatewayMeterNames.FAILOVERS)
                           .description("Requests sent to a later ShopSet of the shop's placement than its first")
                           .register(registry);
        reloadSuccess = Counter.builder(GatewayMeterNames.CONFIG_RELOADS).tag(GatewayMeterNames.TAG_RESULT, "success")
                               .description("Configuration reloads by result").register(registry);
        reloadFailure = Counter.builder(GatewayMeterNames.CONFIG_RELOADS).tag(GatewayMeterNames.TAG_RESULT, "failure")
                               .description("Configuration reloads by result").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The meters of {@code s}; registering them if new. Control path only. */
    public ShopSetMeters shopSet(ShopSet s) {
        return new ShopSetMeters(registry, s.name(), s.tier(), s.failureDomain());
    }

    /** The meters of responses the gateway gave without a ShopSet. */
    public ShopSetMeters none() {
        return none;
    }

    public void requestDuration(long nanos) {
        requestDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void failover() {
        failovers.increment();
    }

    public void configReload(boolean success) {
        (success ? reloadSuccess : reloadFailure).increment();
    }

    /** Registers {@code shopset_routing_table_version}. */
    public void routingTableVersion(Supplier<Number> version) {
        Gauge.builder(GatewayMeterNames.ROUTING_TABLE_VERSION, version)
             .description("Version of the routing snapshot in use").register(registry);
    }

    /** Registers {@code shopset_active_requests} and {@code shopset_open_connections}. */
    public void gauges(AtomicLong activeRequests, AtomicLong openConnections) {
        Gauge.builder(GatewayMeterNames.ACTIVE_REQUESTS, activeRequests, AtomicLong::get)
             .description("Requests in flight").register(registry);
        Gauge.builder(GatewayMeterNames.OPEN_CONNECTIONS, openConnections, AtomicLong::get)
             .description("Open client connections").register(registry);
    }
}
