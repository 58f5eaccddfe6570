package io.shopset.gateway.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shopset.gateway.Ticker;
import io.shopset.gateway.select.Backend;
import io.shopset.routing.model.ShopSet;

/**
 * The data plane's meters. Created once per gateway; per-ShopSet meters come from
 * {@link #shopSet(ShopSet)} on the control path.
 */
public final class GatewayMetrics {

    private static final CircuitBreaker.State[] BREAKER_STATES = {
            CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN};

    private final MeterRegistry registry;
    private final Timer requestDuration;
    private final ShopSetMeters none;
    private final Counter failovers;
    private final Counter reloadSuccess;
    private final Counter reloadFailure;
    private final Counter[] retries = new Counter[RetryReason.values().length];
    private final Counter retryBudgetExhausted;
    private final Counter denied;
    private final ThrottleMeters throttle;
    private final EdgeMeters edge;
    private final Map<String, List<Meter>> healthMeters = new ConcurrentHashMap<>();

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
        for (RetryReason r : RetryReason.values()) {
            retries[r.ordinal()] = Counter.builder(GatewayMeterNames.RETRIES).tag(GatewayMeterNames.TAG_REASON, r.tag())
                                          .description("Requests sent upstream again, by reason").register(registry);
        }
        denied = Counter.builder(GatewayMeterNames.DENIED).description("Requests from denied client addresses")
                        .register(registry);
        throttle = new ThrottleMeters(registry);
        edge = new EdgeMeters(registry);
        retryBudgetExhausted = Counter.builder(GatewayMeterNames.RETRY_BUDGET_EXHAUSTED)
                                      .description("Retries refused because the retry budget was spent")
                                      .register(registry);
    }

    public void retry(RetryReason reason) {
        retries[reason.ordinal()].increment();
    }

    public void denied() {
        denied.increment();
    }

    public ThrottleMeters throttle() {
        return throttle;
    }

    /** {@code shopset_edge_rejections_total{reason}}. */
    public EdgeMeters edge() {
        return edge;
    }

    /** Registers {@code shopset_connections_active{listener}}: the connections open on {@code listener} now. */
    public void connectionsActive(String listener, IntSupplier open) {
        Gauge.builder(GatewayMeterNames.CONNECTIONS_ACTIVE, open::getAsInt)
             .description("Client connections open, per listener")
             .tag(GatewayMeterNames.TAG_LISTENER, listener)
             .register(registry);
    }

    public void retryBudgetExhausted() {
        retryBudgetExhausted.increment();
    }

    /**
     * Registers the health gauges of {@code backends} ({@code shopset_upstream_healthy} per endpoint,
     * {@code shopset_circuit_state} per ShopSet) and removes those of ShopSets that are gone.
     * Control path only.
     */
    public void syncHealthGauges(Collection<Backend> backends, Ticker ticker) {
        final Map<String, Backend> live = new HashMap<>();
        for (Backend b : backends) {
            live.put(b.name() + '|' + b.spec().endpoints(), b);
        }
        healthMeters.entrySet().removeIf(e -> {
            if (live.containsKey(e.getKey())) {
                return false;
            }
            e.getValue().forEach(registry::remove);
            return true;
        });
        live.forEach((key, b) -> healthMeters.computeIfAbsent(key, k -> healthMeters(b, ticker)));
    }

    private List<Meter> healthMeters(Backend b, Ticker ticker) {
        final List<Meter> meters = new ArrayList<>();
        for (int i = 0; i < b.endpointCount(); i++) {
            meters.add(Gauge.builder(GatewayMeterNames.UPSTREAM_HEALTHY, b.state(i),
                                     s -> s.available(ticker.nanos()) ? 1 : 0)
                            .description("1 when the endpoint takes traffic (healthy, not ejected)")
                            .tag(GatewayMeterNames.TAG_SHOPSET, b.name())
                            .tag(GatewayMeterNames.TAG_ENDPOINT, b.endpoint(i).toString())
                            .register(registry));
        }
        for (CircuitBreaker.State state : BREAKER_STATES) {
            meters.add(Gauge.builder(GatewayMeterNames.CIRCUIT_STATE, b.breaker(), cb -> cb.getState() == state ? 1 : 0)
                            .description("1 for the ShopSet circuit breaker's current state")
                            .tag(GatewayMeterNames.TAG_SHOPSET, b.name())
                            .tag(GatewayMeterNames.TAG_STATE, state.name().toLowerCase(Locale.ROOT))
                            .register(registry));
        }
        return meters;
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

    /** Registers {@code shopset_build_info{version,java}} = 1: the build's version and the running Java's. */
    public void buildInfo(String version, String java) {
        Gauge.builder(GatewayMeterNames.BUILD_INFO, () -> 1)
             .description("Always 1; the labels name the running build")
             .tag(GatewayMeterNames.TAG_VERSION, version)
             .tag(GatewayMeterNames.TAG_JAVA, java)
             .register(registry);
    }

    /** Registers {@code shopset_routing_table_version}. */
    public void routingTableVersion(Supplier<Number> version) {
        Gauge.builder(GatewayMeterNames.ROUTING_TABLE_VERSION, version)
             .description("Version of the routing snapshot in use").register(registry);
    }

    /** Registers {@code shopset_routing_table_age_seconds}: how long ago the snapshot in use was built. */
    public void routingTableAge(Supplier<Number> seconds) {
        Gauge.builder(GatewayMeterNames.ROUTING_TABLE_AGE, seconds)
             .description("Seconds since the routing snapshot in use was built").baseUnit("seconds").register(registry);
    }

    /** Binds Netty's pooled allocator and the worker event loops' pending tasks. */
    public void bindNetty(Iterable<? extends io.netty.util.concurrent.EventExecutor> workers) {
        new io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics(
                io.netty.buffer.PooledByteBufAllocator.DEFAULT).bindTo(registry);
        final List<io.netty.util.concurrent.EventExecutor> loops = new ArrayList<>();
        workers.forEach(loops::add);
        new io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics(loops).bindTo(registry);
    }

    /** Registers {@code shopset_active_requests} and {@code shopset_open_connections}. */
    public void gauges(AtomicLong activeRequests, AtomicLong openConnections) {
        Gauge.builder(GatewayMeterNames.ACTIVE_REQUESTS, activeRequests, AtomicLong::get)
             .description("Requests in flight").register(registry);
        Gauge.builder(GatewayMeterNames.OPEN_CONNECTIONS, openConnections, AtomicLong::get)
             .description("Open client connections").register(registry);
    }
}
