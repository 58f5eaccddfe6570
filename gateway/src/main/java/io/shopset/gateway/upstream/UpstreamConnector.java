package io.shopset.gateway.upstream;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.timeout.IdleStateHandler;
import io.shopset.gateway.http1.UpstreamHttpCodec;

/**
 * Opens upstream connections on the client connection's event loop and gives back pooled ones.
 *
 * <p>Every upstream connection has {@code AUTO_READ} off: the exchange reads it only while the
 * client can take more, so a slow client slows the upstream instead of filling memory.
 */
public final class UpstreamConnector {

    static final String CODEC = "http";
    static final String IDLE = "idle";

    private final Bootstrap bootstrap;
    private final UpstreamPool pool;
    private final long idleNanos;

    public UpstreamConnector(Class<? extends SocketChannel> channelClass, Duration connectTimeout,
                             Duration upstreamIdle, UpstreamPool pool) {
        this.pool = pool;
        idleNanos = upstreamIdle.toNanos();
        bootstrap = new Bootstrap()
                .channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.AUTO_READ, false)
                // The client connections' allocator: a buffer read from one side is freed on the other.
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        final HttpDecoderConfig decoder = new HttpDecoderConfig()
                                .setMaxInitialLineLength(16 * 1024)
                                .setMaxHeaderSize(64 * 1024)
                                .setMaxChunkSize(64 * 1024)
                                .setAllowDuplicateContentLengths(false);
                        ch.pipeline()
                          .addLast(CODEC, new UpstreamHttpCodec(decoder))
                          // Reader-idle only: no listener per write; an idle pooled connection reads nothing.
                          .addLast(IDLE, new IdleStateHandler(idleNanos, 0, 0, TimeUnit.NANOSECONDS))
                          .addLast(UpstreamHandler.NAME, new UpstreamHandler());
                    }
                });
    }

    /** A pooled open connection to {@code address} on {@code loop} (the caller's), or {@code null}. */
    public Channel pooled(InetSocketAddress address) {
        return pool.acquire(address);
    }

    /** Starts a new connection to {@code address} on {@code loop}. */
    public ChannelFuture connect(EventLoop loop, InetSocketAddress address) {
        final ChannelFuture f = bootstrap.clone(loop).connect(address);
        final Channel ch = f.channel();
        ch.closeFuture().addListener(cf -> pool.remove(address, ch));
        return f;
    }

    /** Returns a connection whose exchange completed cleanly to the pool. */
    public void release(InetSocketAddress address, Channel ch) {
        handler(ch).unbind();
        pool.release(address, ch);
    }

    /** The relay handler of an upstream connection made by this connector. */
    public static UpstreamHandler handler(Channel ch) {
        return (UpstreamHandler) ch.pipeline().get(UpstreamHandler.NAME);
    }

    /** Removes the HTTP codec and idle handler after a protocol switch (101): raw bytes from now on. */
    public static void switchToTunnel(Channel ch) {
        ch.pipeline().remove(IDLE);
        ch.pipeline().remove(CODEC);
    }
}
