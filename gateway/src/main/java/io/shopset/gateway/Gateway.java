package io.shopset.gateway;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.shopset.gateway.accesslog.AccessLog;
import io.shopset.gateway.cluster.ClusterSync;
import io.shopset.gateway.health.ActiveHealthChecker;
import io.shopset.gateway.health.HealthRegistry;
import io.shopset.gateway.health.OutlierDetector;
import io.shopset.gateway.inbound.ClientAddresses.Trust;
import io.shopset.gateway.inbound.ProxyContext;
import io.shopset.gateway.metrics.GatewayMetrics;
import io.shopset.gateway.metrics.ShopSetRates;
import io.shopset.gateway.mirror.WarmupMirror;
import io.shopset.gateway.policy.HeavyHitters;
import io.shopset.gateway.policy.TenantThrottle;
import io.shopset.gateway.resolve.DataPlaneSnapshot;
import io.shopset.gateway.resolve.RouteResolver;
import io.shopset.gateway.select.BackendFactory;
import io.shopset.gateway.select.RetryBudget;
import io.shopset.gateway.select.SelectionPolicy;
import io.shopset.gateway.select.ShopSetBreakers;
import io.shopset.gateway.server.GatewayServer;
import io.shopset.gateway.server.Transport;
import io.shopset.gateway.upstream.UpstreamConnector;
import io.shopset.gateway.upstream.UpstreamPool;
import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.routing.config.ListenAddress;

/**
 * One running data plane: event loops, the public listener, upstream pools, health (active checks,
 * outlier detection, breakers) and the resolver that follows the routing table. Wiring only.
 */
public final class Gateway implements AutoCloseable {

    /** Idle upstream connections kept per endpoint per event loop. */
    private static final int MAX_IDLE_PER_ENDPOINT = 256;
    /** Upstream attempts per request at most. */
    private static final int MAX_ATTEMPTS = 4;
    /** Slots of the client rate table: 2^21, for about a million tracked clients at half load (32 MB). */
    private static final int CLIENT_SLOTS = Integer.getInteger("shopset.clientSlots", 1 << 21);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final EventLoopGroup healthGroup;
    private final GatewayServer server;
    private final ProxyContext px;
    private final RouteResolver resolver;
    private final HealthRegistry health;
    private final ActiveHealthChecker checker;
    private final TenantThrottle throttle;
    private final HeavyHitters heavyHitters = new HeavyHitters();
    private final ShopSetRates shopSetRates;
    private final AccessLog accessLog;
    private final WarmupMirror mirror;
    /** Global shop limits and merged heavy hitters through Redis, or {@code null} (limits per replica). */
    private final @Nullable ClusterSync cluster;
    private volatile boolean notReady;

    private Gateway(GatewayConfig config, RoutingTable table, GatewayMetrics metrics, InetSocketAddress bind,
                    int threads, Ticker ticker) throws InterruptedException {
        final Transport transport = Transport.best();
        metrics.routingTableVersion(() -> table.current() == null ? 0 : table.current().version());
        metrics.routingTableAge(() -> table.current() == null ? Double.NaN
                : (System.currentTimeMillis() - table.current().builtAtMillis()) / 1000.0);
        health = new HealthRegistry(ticker);
        final ShopSetBreakers breakers = new ShopSetBreakers(config.circuitBreaker(), ticker);
        final BackendFactory backends = new BackendFactory(health, breakers, metrics::shopSet);
        resolver = new RouteResolver(table, backends);
        table.addListener(s -> {
            final DataPlaneSnapshot now = resolver.current();
            if (now != null) {
                metrics.syncHealthGauges(now.backends().values(), ticker);
            }
        });
        final AtomicLong activeRequests = new AtomicLong();
        final OutlierDetector outliers = new OutlierDetector(config.outlierDetection(), ticker, state -> {
            final DataPlaneSnapshot now = resolver.current();
            final var b = now == null ? null : now.backend(state.shopSet());
            if (b != null) {
                b.meters().ejection();
            }
        });
        final SelectionPolicy selection = new SelectionPolicy(
                ticker, outliers, new RetryBudget(config.retries(), activeRequests),
                config.preferLocalFailureDomain() ? config.gatewayFailureDomain() : null, MAX_ATTEMPTS);
        final UpstreamConnector connector = new UpstreamConnector(
                transport.socketChannel(), config.timeouts().connect(), config.timeouts().upstreamIdle(),
                new UpstreamPool(MAX_IDLE_PER_ENDPOINT));
        throttle = new TenantThrottle(CLIENT_SLOTS, ticker, metrics.throttle(), heavyHitters);
        accessLog = openAccessLog(config);
        mirror = new WarmupMirror(config.warmup(), transport.socketChannel(), config.timeouts().connect(), ticker);
        table.addListener(s -> mirror.retain(warming(s)));
        px = new ProxyContext(resolver, connector, metrics, Trust.of(config.trustedProxies()),
                              config.timeouts().response(), selection, activeRequests, throttle, accessLog, mirror);
        boss = transport.newGroup(1, "shopset-accept");
        workers = transport.newGroup(threads, "shopset-worker");
        healthGroup = transport.newGroup(1, "shopset-health");
        checker = new ActiveHealthChecker(healthGroup, transport.socketChannel(), resolver::current, ticker,
                                          (state, healthy) -> { });
        healthGroup.next().scheduleWithFixedDelay(throttle::sweep, 1, 1, TimeUnit.MINUTES);
        shopSetRates = new ShopSetRates(ticker);
        healthGroup.next().scheduleAtFixedRate(() -> {
            final DataPlaneSnapshot now = resolver.current();
            if (now != null) {
                shopSetRates.sample(now.backends().values());
            }
        }, 1, 1, TimeUnit.SECONDS);
        metrics.bindNetty(workers);
        heavyHitters.start(workers);
        cluster = startCluster(config, table, metrics, ticker);
        try {
            server = new GatewayServer(config, px, transport, boss, workers, bind);
        } catch (InterruptedException | RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            }
            checker.close();
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            healthGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** With a Redis for {@code rateLimit} (or a Redis store), global shop limits; else none. */
    private @Nullable ClusterSync startCluster(GatewayConfig config, RoutingTable table, GatewayMetrics metrics,
                                               Ticker ticker) {
        final String uri = config.rateLimit().redisUri(config.store());
        if (uri == null) {
            return null;
        }
        return ClusterSync.start(uri, config.rateLimit(), throttle, id -> {
            final RoutingSnapshot snap = table.current();
            final ShopRoute r = snap == null ? null : snap.shop(id);
            return r == null ? null : r.limits();
        }, heavyHitters::top, ticker, metrics.registry());
    }

    /**
     * Starts a gateway on {@code config}'s listener, routing by {@code table}.
     *
     * @throws InterruptedException when interrupted while binding
     */
    public static Gateway start(GatewayConfig config, RoutingTable table, GatewayMetrics metrics)
            throws InterruptedException {
        return start(config, table, metrics, ListenAddress.parse(config.listen()).toSocketAddress());
    }

    /** As {@link #start(GatewayConfig, RoutingTable, GatewayMetrics)}, bound to {@code bind}. */
    public static Gateway start(GatewayConfig config, RoutingTable table, GatewayMetrics metrics,
                                InetSocketAddress bind) throws InterruptedException {
        return start(config, table, metrics, bind, Ticker.SYSTEM);
    }

    /** As {@link #start(GatewayConfig, RoutingTable, GatewayMetrics, InetSocketAddress)}, on {@code ticker}'s time. */
    public static Gateway start(GatewayConfig config, RoutingTable table, GatewayMetrics metrics,
                                InetSocketAddress bind, Ticker ticker) throws InterruptedException {
        final int threads = Integer.getInteger("shopset.eventLoopThreads", Runtime.getRuntime().availableProcessors());
        return new Gateway(config, table, metrics, bind, threads, ticker);
    }

    public InetSocketAddress localAddress() {
        return server.localAddress();
    }

    /** The channel type of the plain listener: the transport it actually uses. */
    public Class<? extends Channel> listenerChannelType() {
        return server.listenerChannelType();
    }

    /** The TLS listener's address ({@code tls.listen}), or {@code null} without one. */
    public @Nullable InetSocketAddress tlsAddress() {
        return server.tlsAddress();
    }

    /** Whether the gateway should get traffic: a routing snapshot is loaded and it is not stopping. */
    public boolean ready() {
        return resolver.current() != null && !notReady && !px.draining();
    }

    /** Turns readiness off (the first step of a stop) while it keeps serving normally. */
    public void markNotReady() {
        notReady = true;
    }

    private static AccessLog openAccessLog(GatewayConfig config) {
        if (!config.accessLog().enabled()) {
            return AccessLog.OFF;
        }
        try {
            return AccessLog.open(config.accessLog().path());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot open the access log " + config.accessLog().path(), e);
        }
    }

    /** Requests in flight now. */
    public long activeRequests() {
        return px.activeRequests().get();
    }

    /** The data plane's current view (backends with their live health), or {@code null} before the first snapshot. */
    public @Nullable DataPlaneSnapshot dataPlane() {
        return resolver.current();
    }

    /**
     * The {@code n} busiest shops by request rate over the last second, busiest first: of every
     * replica sharing Redis for the rate limits, else (or while Redis is away) of this one.
     */
    public java.util.List<HeavyHitters.ShopRate> topShops(int n) {
        return cluster != null ? cluster.topShops(n) : heavyHitters.top(n);
    }

    /** Global shop limits through Redis, or {@code null} when limits are per replica. */
    public @Nullable ClusterSync cluster() {
        return cluster;
    }

    /** Each ShopSet's request and error rate over the last second (sampled off the event loops). */
    public ShopSetRates shopSetRates() {
        return shopSetRates;
    }

    /** The warm-up mirror (its per-shop counts show in the shop's document). */
    public WarmupMirror mirror() {
        return mirror;
    }

    private static java.util.Set<String> warming(io.shopset.routing.RoutingSnapshot s) {
        final java.util.Set<String> out = new java.util.HashSet<>();
        for (io.shopset.routing.model.Shop shop : s.state().shops()) {
            if (shop.warmup() != null) {
                out.add(shop.id());
            }
        }
        return out;
    }

    /** The tenant throttle (for tests and views). */
    public TenantThrottle throttle() {
        return throttle;
    }

    /** Endpoint health across routing changes. */
    public HealthRegistry health() {
        return health;
    }

    /**
     * Stops gracefully (no new connections; in-flight requests get {@code deadline}) and releases
     * everything.
     *
     * @return whether every in-flight request finished in time
     */
    public boolean stop(Duration deadline) {
        final boolean drained = server.stop(deadline);
        checker.close();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        healthGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (cluster != null) {
            cluster.close();
        }
        accessLog.close();
        return drained;
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
    }
}
