package io.shopset.gateway;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.shopset.gateway.inbound.ClientAddresses.Trust;
import io.shopset.gateway.inbound.ProxyContext;
import io.shopset.gateway.metrics.GatewayMetrics;
import io.shopset.gateway.resolve.RouteResolver;
import io.shopset.gateway.server.GatewayServer;
import io.shopset.gateway.server.Transport;
import io.shopset.gateway.upstream.UpstreamConnector;
import io.shopset.gateway.upstream.UpstreamPool;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.routing.model.Endpoint;

/**
 * One running data plane: event loops, the public listener, upstream pools and the resolver that
 * follows the routing table. Wiring only.
 */
public final class Gateway implements AutoCloseable {

    /** Idle upstream connections kept per endpoint per event loop. */
    private static final int MAX_IDLE_PER_ENDPOINT = 256;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final GatewayServer server;
    private final ProxyContext px;
    private final RouteResolver resolver;

    private Gateway(GatewayConfig config, RoutingTable table, GatewayMetrics metrics, InetSocketAddress bind,
                    int threads) throws InterruptedException {
        final Transport transport = Transport.best();
        metrics.routingTableVersion(() -> table.current() == null ? 0 : table.current().version());
        resolver = new RouteResolver(table, metrics::shopSet);
        final UpstreamConnector connector = new UpstreamConnector(
                transport.socketChannel(), config.timeouts().connect(), config.timeouts().upstreamIdle(),
                new UpstreamPool(MAX_IDLE_PER_ENDPOINT));
        px = new ProxyContext(resolver, connector, metrics, Trust.of(config.trustedProxies()),
                              config.timeouts().response());
        boss = transport.newGroup(1);
        workers = transport.newGroup(threads);
        try {
            server = new GatewayServer(config, px, transport, boss, workers, bind);
        } catch (InterruptedException | RuntimeException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * Starts a gateway on {@code config}'s listener, routing by {@code table}.
     *
     * @throws InterruptedException when interrupted while binding
     */
    public static Gateway start(GatewayConfig config, RoutingTable table, GatewayMetrics metrics)
            throws InterruptedException {
        final Endpoint listen = Endpoint.parse(config.listen());
        return start(config, table, metrics, new InetSocketAddress(listen.host(), listen.port()));
    }

    /** As {@link #start(GatewayConfig, RoutingTable, GatewayMetrics)}, bound to {@code bind}. */
    public static Gateway start(GatewayConfig config, RoutingTable table, GatewayMetrics metrics,
                                InetSocketAddress bind) throws InterruptedException {
        final int threads = Integer.getInteger("shopset.eventLoopThreads", Runtime.getRuntime().availableProcessors());
        return new Gateway(config, table, metrics, bind, threads);
    }

    public InetSocketAddress localAddress() {
        return server.localAddress();
    }

    /** Whether the gateway serves traffic: a routing snapshot is loaded and it is not stopping. */
    public boolean ready() {
        return resolver.current() != null && !px.draining();
    }

    /** Requests in flight now. */
    public long activeRequests() {
        return px.activeRequests().get();
    }

    /**
     * Stops gracefully (no new connections; in-flight requests get {@code deadline}) and releases
     * everything.
     *
     * @return whether every in-flight request finished in time
     */
    public boolean stop(Duration deadline) {
        final boolean drained = server.stop(deadline);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        return drained;
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
    }
}
