package io.shopset.gateway.http2;

import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.shopset.gateway.edge.EdgeRefusal;
import io.shopset.gateway.outbound.GatewayError;

/**
 * The body idle timeout ({@code timeouts.bodyIdle}) of one HTTP/2 stream: while the proxy handler
 * asks for body bytes and none arrive for that long, the body is cut off with a failed last content
 * carrying an {@link EdgeRefusal} (408, or a reset once the response started), as
 * {@code edge.FramingGuard} does on an HTTP/1.1 connection. A stream's head needs no deadline: a
 * HEADERS block arrives whole (and an unfinished one stalls the connection, which then idles out).
 *
 * <pre>
 * (stream) "h2-http" → "h2-request" → "h2-body-deadline" this → … → "proxy"
 * </pre>
 *
 * <p>Only the client's slowness counts: while the proxy handler does not ask for bytes (the
 * upstream is not taking them), the clock waits. Time comes from the event loop's ticker.
 *
 * <p>Concurrency: one instance per stream, on its connection's event loop.
 */
final class StreamBodyDeadline extends ChannelDuplexHandler {

    private final long idleNanos;
    private @Nullable ChannelHandlerContext ctx;
    private boolean inBody;
    private boolean refused;
    private boolean readPending;
    private long readRequestedAt;
    private long lastByteAt;
    private @Nullable ScheduledFuture<?> timer;
    private final Runnable check = this::check;

    StreamBodyDeadline(long idleNanos) {
        this.idleNanos = idleNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (!readPending) {
            readPending = true;
            readRequestedAt = now(ctx);
        }
        ctx.read();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readPending = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused && msg instanceof HttpContent) {
            ReferenceCountUtil.release(msg);
            return;
        }
        lastByteAt = now(ctx);
        if (msg instanceof HttpRequest) {
            inBody = !(msg instanceof LastHttpContent);
            if (inBody && timer == null) {
                timer = ctx.executor().schedule(check, idleNanos, TimeUnit.NANOSECONDS);
            }
        } else if (msg instanceof LastHttpContent) {
            inBody = false;
            cancel();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void check() {
        timer = null;
        final ChannelHandlerContext ctx = this.ctx;
        if (ctx == null || !inBody || refused || !ctx.channel().isActive()) {
            return;
        }
        final long now = now(ctx);
        final long due = Math.max(lastByteAt, readRequestedAt) + idleNanos;
        if (!readPending || due - now > 0) {
            timer = ctx.executor().schedule(check, readPending ? due - now : idleNanos, TimeUnit.NANOSECONDS);
            return;
        }
        refused = true;
        inBody = false;
        ctx.fireChannelRead(EdgeRefusal.body(GatewayError.REQUEST_TIMEOUT, "no byte of the request body arrived for " +
                                                                            TimeUnit.NANOSECONDS.toMillis(idleNanos) + " ms"));
    }

    private static long now(ChannelHandlerContext ctx) {
        return ctx.executor().ticker().nanoTime();
    }

    private void cancel() {
        final ScheduledFuture<?> t = timer;
        if (t != null) {
            timer = null;
            t.cancel(false);
        }
    }
}
