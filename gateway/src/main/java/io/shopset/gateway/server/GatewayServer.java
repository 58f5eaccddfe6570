package io.shopset.gateway.server;

import java.net.InetSocketAddress;
import java.time.Duration;

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
import io.shopset.gateway.inbound.DrainEvent;
import io.shopset.gateway.inbound.ProxyContext;
import io.shopset.routing.config.GatewayConfig;

/**
 * The public listener: binds, serves, and stops gracefully.
 *
 * <p>Stop: close the listener (no new connections), tell every connection to drain (idle ones close
 * now, busy ones after their response, which says {@code Connection: close}), wait for in-flight
 * requests up to the deadline, then close what is left and shut the event loops down.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(GatewayServer.class);

    private final ProxyContext px;
    private final ChannelGroup channels = new DefaultChannelGroup("shopset-clients", GlobalEventExecutor.INSTANCE);
    private final Channel listener;
    private boolean stopped;

    /**
     * Binds the listener of {@code config} on {@code workers} (shared with upstream connections).
     *
     * @throws InterruptedException when interrupted while binding
     */
    public GatewayServer(GatewayConfig config, ProxyContext px, Transport transport, EventLoopGroup boss,
                         EventLoopGroup workers, InetSocketAddress bind) throws InterruptedException {
        this.px = px;
        final ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childHandler(new GatewayChannelInitializer(px, channels, config));
        listener = b.bind(bind).sync().channel();
        logger.info("gateway listening on {} ({} transport)", listener.localAddress(), transport);
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
        listener.close().awaitUninterruptibly();
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
