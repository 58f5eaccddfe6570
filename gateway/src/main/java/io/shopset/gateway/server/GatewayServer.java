package io.shopset.gateway.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.shopset.gateway.edge.ConnectionLimiter;
import io.shopset.gateway.edge.EdgeHandlers;
import io.shopset.gateway.edge.OverloadMonitor;
import io.shopset.gateway.http2.Http2Handlers;
import io.shopset.gateway.inbound.DrainEvent;
import io.shopset.gateway.inbound.ProxyContext;
import io.shopset.gateway.inbound.ProxyFrontendHandler;
import io.shopset.gateway.tls.CertificateStore;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.routing.config.Http2Settings;
import io.shopset.routing.config.ListenAddress;
import io.shopset.routing.config.TlsSettings;

/**
 * The public listener: binds, serves, and stops gracefully.
 *
 * <p>Edge: a {@link ConnectionLimiter} on the listener caps connections; an {@link OverloadMonitor}
 * sampled on the listener's event loop stops accepting while memory is over its thresholds.
 *
 * <p>Stop: close the listener (no new connections), tell every connection to drain (idle ones close
 * now, busy ones after their response, which says {@code Connection: close}), wait for in-flight
 * requests up to the deadline, then close what is left and shut the event loops down.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(GatewayServer.class);
    /** The {@code listener} tag of the plain listener's connection gauge. */
    static final String LISTENER_HTTP = "http";
    /** The {@code listener} tag of the TLS listener's connection gauge. */
    static final String LISTENER_TLS = "tls";

    private final ProxyContext px;
    private final ChannelGroup channels = new DefaultChannelGroup("shopset-clients", GlobalEventExecutor.INSTANCE);
    private final Channel listener;
    private final ConnectionLimiter limiter;
    private final @Nullable Channel tlsListener;
    private final @Nullable CertificateStore certificates;
    private final OverloadMonitor overload;
    private final ScheduledFuture<?> overloadSampler;
    private boolean stopped;

    /**
     * Binds the listener of {@code config} on {@code workers} (shared with upstream connections),
     * and the TLS listener when {@code tls.listen} is set (HTTP/1.1, and HTTP/2 through ALPN unless
     * {@code tls.http2.enabled} is false).
     *
     * @throws InterruptedException when interrupted while binding
     * @throws java.io.UncheckedIOException when a TLS certificate cannot be loaded
     */
    public GatewayServer(GatewayConfig config, ProxyContext px, Transport transport, EventLoopGroup boss,
                         EventLoopGroup workers, InetSocketAddress bind) throws InterruptedException {
        this.px = px;
        overload = OverloadMonitor.ofRuntime(config.overload());
        final AtomicInteger allConnections = new AtomicInteger();
        limiter = new ConnectionLimiter(allConnections, config.listener().maxConnections(),
                                        config.overload().maxConnections(), px.metrics().edge());
        listener = bind(config, transport, boss, workers, bind, limiter,
                        edge(config, config.listener().proxyProtocol(), null), null);
        px.metrics().connectionsActive(LISTENER_HTTP, limiter::open);
        final TlsSettings tls = config.tls();
        if (tls.enabled()) {
            try {
                certificates = CertificateStore.open(tls);
            } catch (IOException e) {
                listener.close().awaitUninterruptibly();
                throw new UncheckedIOException("TLS listener: " + e.getMessage(), e);
            }
            final ConnectionLimiter tlsLimiter = new ConnectionLimiter(allConnections, tls.maxConnections(),
                                                                       config.overload().maxConnections(),
                                                                       px.metrics().edge());
            final EdgeHandlers tlsEdge = edge(config, tls.proxyProtocol(), certificates);
            Channel ch = null;
            try {
                ch = bind(config, transport, boss, workers, ListenAddress.parse(tls.listen()).toSocketAddress(), tlsLimiter,
                          tlsEdge, http2(config, tlsEdge));
            } finally {
                if (ch == null) {
                    certificates.close();
                    listener.close().awaitUninterruptibly();
                }
            }
            tlsListener = ch;
            px.metrics().connectionsActive(LISTENER_TLS, tlsLimiter::open);
        } else {
            certificates = null;
            tlsListener = null;
        }
        overloadSampler = listener.eventLoop().scheduleWithFixedDelay(this::sampleOverload, OverloadMonitor.INTERVAL_MILLIS,
                                                                      OverloadMonitor.INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        logger.info("gateway listening on {} ({} transport{}){}", listener.localAddress(), transport,
                    config.listener().proxyProtocol() ? ", PROXY protocol" : "",
                    tlsListener == null ? "" : " and on " + tlsListener.localAddress() + " (TLS" +
                                               (tls.http2().enabled() ? ", h2 and http/1.1" : "") +
                                               (tls.proxyProtocol() ? ", PROXY protocol)" : ")"));
    }

    private EdgeHandlers edge(GatewayConfig config, boolean proxyProtocol, @Nullable CertificateStore tls) {
        return new EdgeHandlers(config, proxyProtocol, tls, px.resolver(), px.trust()::trusts, overload::overloaded,
                                ProxyFrontendHandler.CODEC, px.metrics().edge());
    }

    /** The HTTP/2 handlers of the TLS listener, or {@code null} when {@code tls.http2.enabled} is false. */
    private @Nullable Http2Handlers http2(GatewayConfig config, EdgeHandlers tlsEdge) {
        final Http2Settings h2 = config.tls().http2();
        if (!h2.enabled()) {
            return null;
        }
        return new Http2Handlers(h2, config.timeouts().idle().toNanos(), config.timeouts().requestHeaders().toNanos(),
                                 config.timeouts().bodyIdle().toNanos(), config.shutdown().drainTimeout().toMillis(), px.openConnections(), px.metrics().edge(),
                                 tlsEdge::addSlowReader,
                                 p -> GatewayChannelInitializer.addStreamHandlers(p, tlsEdge, px));
    }

    private Channel bind(GatewayConfig config, Transport transport, EventLoopGroup boss, EventLoopGroup workers,
                         InetSocketAddress address, ConnectionLimiter caps, EdgeHandlers edge,
                         @Nullable Http2Handlers http2) throws InterruptedException {
        final ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(caps)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childHandler(new GatewayChannelInitializer(px, channels, config, edge, http2));
        return b.bind(address).sync().channel();
    }

    /** While overloaded, the listeners stop accepting: new connections wait in the kernel's backlog. */
    private void sampleOverload() {
        if (overload.sample()) {
            for (Channel l : tlsListener == null ? new Channel[] {listener} : new Channel[] {listener, tlsListener}) {
                if (l.isActive()) {
                    l.config().setAutoRead(!overload.overloaded());
                }
            }
        }
    }

    /** Whether the gateway sheds load now (memory over the {@code overload} thresholds). */
    public boolean overloaded() {
        return overload.overloaded();
    }

    /** Client connections open on the plain listener. */
    public int openConnections() {
        return limiter.open();
    }

    /** The TLS listener's bound address, or {@code null} without one. */
    public @Nullable InetSocketAddress tlsAddress() {
        return tlsListener == null ? null : (InetSocketAddress) tlsListener.localAddress();
    }

    /** The channel type of the plain listener: the transport it actually uses. */
    public Class<? extends Channel> listenerChannelType() {
        return listener.getClass();
    }

    /** The bound address (the port is the real one when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.localAddress();
    }

    /**
     * Stops gracefully: no new connections, in-flight requests finish within {@code deadline}.
     *
     * @return whether every in-flight request finished in time
     */
    public synchronized boolean stop(Duration deadline) {
        if (stopped) {
            return true;
        }
        stopped = true;
        px.startDraining();
        overloadSampler.cancel(false);
        listener.close().awaitUninterruptibly();
        if (tlsListener != null) {
            tlsListener.close().awaitUninterruptibly();
            certificates.close();
        }
        for (Channel ch : channels) {
            ch.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
        }
        final long end = System.nanoTime() + deadline.toNanos();
        boolean drained = true;
        while (px.activeRequests().get() > 0) {
            if (System.nanoTime() > end) {
                drained = false;
                logger.warn("stop deadline passed with {} requests in flight", px.activeRequests().get());
                break;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                drained = false;
                break;
            }
        }
        channels.close().awaitUninterruptibly();
        return drained;
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
    }
}
