package io.shopset.gateway.edge;

import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Drops slow readers: while the client's connection is not writable (its outbound buffer is over
 * the high-water mark, so the proxy handler has stopped reading the upstream), the client must take
 * at least one byte every {@code timeouts.write}; otherwise the connection closes. Memory stays
 * bounded meanwhile: back-pressure keeps at most the high-water mark and one upstream read queued.
 *
 * <pre>
 * "slow-reader" SlowReaderGuard → … → "http" ClientHttpCodec → … → "proxy" ProxyFrontendHandler
 * </pre>
 *
 * <p>Progress is measured as the outbound buffer's pending bytes going down between two checks, or
 * the channel turning writable in between (an HTTP/2 stream has no outbound buffer of its own: it
 * turns writable when the client opens its flow-control window again). Only a channel that is not
 * writable has a timer.
 *
 * <p>On an HTTP/2 connection there is one guard on the connection (a client that stops reading the
 * socket) and one per stream (a client that stops opening a stream's window).
 *
 * <p>Concurrency: one instance per connection, on its event loop.
 */
public final class SlowReaderGuard extends ChannelInboundHandlerAdapter {

    private static final Logger logger = LoggerFactory.getLogger(SlowReaderGuard.class);

    private final long timeoutNanos;
    private @Nullable ChannelHandlerContext ctx;
    private @Nullable ScheduledFuture<?> timer;
    private final EdgeObserver observer;
    private long pendingAtLastCheck;
    /** Whether the channel turned writable since the last check. */
    private boolean drained;
    private final Runnable check = this::check;

    /** @param observer told of each connection (or stream) dropped */
    public SlowReaderGuard(long timeoutNanos, EdgeObserver observer) {
        this.timeoutNanos = timeoutNanos;
        this.observer = observer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            drained = true;
        } else if (timer == null) {
            pendingAtLastCheck = pending(ctx);
            drained = false;
            timer = ctx.executor().schedule(check, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelWritabilityChanged();
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
        if (ctx == null || !ctx.channel().isActive() || ctx.channel().isWritable()) {
            return;
        }
        final long pending = pending(ctx);
        if (pending < pendingAtLastCheck || drained) {
            pendingAtLastCheck = pending;
            drained = false;
            timer = ctx.executor().schedule(check, timeoutNanos, TimeUnit.NANOSECONDS);
            return;
        }
        observer.rejected(EdgeReason.WRITE_TIMEOUT);
        logger.debug("client {} took no response byte for {} ms: closing", ctx.channel(),
                     TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        ctx.close();
    }

    private static long pending(ChannelHandlerContext ctx) {
        final ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    private void cancel() {
        final ScheduledFuture<?> t = timer;
        if (t != null) {
            timer = null;
            t.cancel(false);
        }
    }
}
