package io.shopset.gateway.server;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import io.shopset.gateway.edge.EdgeObserver;
import io.shopset.gateway.edge.EdgeReason;

/**
 * On the TLS listener, waits for the TLS handshake and builds the rest of the pipeline for the
 * protocol ALPN chose: HTTP/2 for {@code h2}, HTTP/1.1 otherwise (also when the client offered no
 * ALPN). The handshake must end within {@code timeouts.requestHeaders} of the connection (or of its
 * PROXY header), else the connection closes.
 *
 * <pre>
 * … "tls" SniHandler/SslHandler → "protocol" this   (until the handshake; then, in its place:)
 *   h2:       "slow-reader" → "h2" → …            see io.shopset.gateway.http2.Http2Handlers
 *   http/1.1: "slow-reader" → "framing" → "http" → "admission" → "idle" → "proxy"
 * </pre>
 *
 * <p>The handlers it adds see {@code channelActive} only once they are in place (it holds the event
 * back until then), as on the plain listener. With {@code AUTO_READ} off it asks for the bytes the
 * handshake needs.
 *
 * <p>Concurrency: one instance per connection, on its event loop.
 */
final class ProtocolSwitch extends ChannelInboundHandlerAdapter {

    private static final Logger logger = LoggerFactory.getLogger(ProtocolSwitch.class);

    private final Consumer<ChannelPipeline> http1;
    private final @Nullable Consumer<ChannelPipeline> http2;
    private final long deadlineNanos;
    private final EdgeObserver observer;
    private @Nullable ScheduledFuture<?> timer;
    private boolean switched;

    /**
     * @param http1 adds the HTTP/1.1 handlers
     * @param http2 adds the HTTP/2 handlers, or {@code null} when {@code h2} is not offered
     * @param deadlineNanos how long the handshake may take
     */
    ProtocolSwitch(Consumer<ChannelPipeline> http1, @Nullable Consumer<ChannelPipeline> http2, long deadlineNanos,
                   EdgeObserver observer) {
        this.http1 = http1;
        this.http2 = http2;
        this.deadlineNanos = deadlineNanos;
        this.observer = observer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> {
            timer = null;
            if (!switched && ctx.channel().isActive()) {
                logger.debug("TLS handshake with {} not done in time: closing", ctx.channel().remoteAddress());
                observer.rejected(EdgeReason.HEADER_TIMEOUT);
                ctx.close();
            }
        }, deadlineNanos, TimeUnit.NANOSECONDS);
        ctx.read();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!switched && ctx.channel().isActive()) {
            ctx.read();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof SslHandshakeCompletionEvent done)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        if (!done.isSuccess()) {
            logger.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), done.cause().toString());
            ctx.close();
            return;
        }
        switched = true;
        cancelTimer();
        final SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        final String protocol = ssl == null ? null : ssl.applicationProtocol();
        final ChannelPipeline p = ctx.pipeline();
        if (ApplicationProtocolNames.HTTP_2.equals(protocol) && http2 != null) {
            http2.accept(p);
            // HTTP/2 flow control is the back-pressure from here on; each stream reads on demand.
            ctx.channel().config().setAutoRead(true);
        } else {
            http1.accept(p);
        }
        p.remove(this);
        ctx.fireChannelActive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (switched) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        logger.debug("TLS connection {} failed before its protocol was chosen: {}", ctx.channel(), cause.toString());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        if (switched) {
            ctx.fireChannelInactive();
        }
        // Else the handlers after this one never saw the connection become active.
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    private void cancelTimer() {
        final ScheduledFuture<?> t = timer;
        if (t != null) {
            timer = null;
            t.cancel(false);
        }
    }
}
