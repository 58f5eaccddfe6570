package io.shopset.gateway.http2;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.shopset.gateway.edge.EdgeObserver;
import io.shopset.gateway.edge.EdgeReason;
import io.shopset.gateway.inbound.DrainEvent;

/**
 * The life of one HTTP/2 connection, at the end of its pipeline: counts it as an open client
 * connection, closes it when it opens no stream within {@code timeouts.requestHeaders} of the
 * handshake, when it has been idle ({@code timeouts.idle}, from the idle handler) with no stream
 * open, and — gracefully — when the gateway drains. A close from here goes through the codec, which
 * sends GOAWAY and lets open streams finish (up to {@code shutdown.drainTimeout}).
 *
 * <p>It is also where the connection's own frames (SETTINGS, PING, GOAWAY, passed on by the
 * multiplexer) end, released, and where connection errors end: the codec has already answered
 * them with GOAWAY and a close, so they are logged at debug level only (a flood is not worth a
 * warning per connection).
 *
 * <pre>
 * … "tls" → "slow-reader" → "h2" Http2FrameCodec → "h2-idle" IdleStateHandler
 *   → "h2-multiplex" Http2MultiplexHandler (→ per stream …) → "h2-connection" this
 * </pre>
 *
 * <p>Concurrency: one instance per connection, on its event loop.
 */
final class Http2ConnectionGuard extends ChannelInboundHandlerAdapter {

    private static final Logger logger = LoggerFactory.getLogger(Http2ConnectionGuard.class);

    private final Http2Connection connection;
    private final AtomicLong openConnections;
    private final long firstStreamNanos;
    private final EdgeObserver observer;
    private boolean counted;
    private @Nullable ScheduledFuture<?> firstStreamDeadline;

    /**
     * @param connection       the codec's connection state (its streams)
     * @param openConnections  the gateway's count of open client connections
     * @param firstStreamNanos how long a new connection has to open its first stream
     */
    Http2ConnectionGuard(Http2Connection connection, AtomicLong openConnections, long firstStreamNanos,
                         EdgeObserver observer) {
        this.connection = connection;
        this.openConnections = openConnections;
        this.firstStreamNanos = firstStreamNanos;
        this.observer = observer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        openConnections.incrementAndGet();
        counted = true;
        firstStreamDeadline = ctx.executor().schedule(() -> {
            firstStreamDeadline = null;
            if (connection.remote().lastStreamCreated() == 0 && ctx.channel().isActive()) {
                observer.rejected(EdgeReason.HEADER_TIMEOUT);
                ctx.close();
            }
        }, firstStreamNanos, TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        logger.debug("HTTP/2 connection {} failed: {}", ctx.channel(), cause.toString());
        if (!(cause instanceof Http2Exception)) {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (counted) {
            counted = false;
            openConnections.decrementAndGet();
        }
        cancelDeadline();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelDeadline();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (connection.numActiveStreams() == 0) {
                ctx.close();
            }
            return;
        }
        if (evt == DrainEvent.INSTANCE) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void cancelDeadline() {
        final ScheduledFuture<?> t = firstStreamDeadline;
        if (t != null) {
            firstStreamDeadline = null;
            t.cancel(false);
        }
    }
}
