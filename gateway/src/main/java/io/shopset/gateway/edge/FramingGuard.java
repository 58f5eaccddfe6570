package io.shopset.gateway.edge;

import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.shopset.gateway.edge.RequestFraming.State;
import io.shopset.gateway.outbound.GatewayError;

/**
 * Watches the client's raw request bytes before the HTTP codec decodes them: refuses obsolete line
 * folding and too many header fields (which the codec accepts), and runs the client deadlines.
 *
 * <pre>
 * … → "framing" FramingGuard → "http" ClientHttpCodec → "admission" AdmissionHandler → … → "proxy"
 * </pre>
 *
 * <p>Refusals: the bytes of a refused request never reach the codec. The guard passes on what came
 * before it (earlier pipelined requests), drops everything after, and sends a stand-in message with
 * an {@link EdgeRefusal} down the pipeline (the codec lets non-buffer messages through), so the
 * proxy handler answers it in order: a failed request head (400, 431, 408) when the codec has not
 * produced the refused request's head yet, a failed last content (400 or 408, or just a close once
 * the response started) when its body was under way.
 *
 * <p>Deadlines, on one timer per connection that is re-armed, not rescheduled per request:
 * <ul>
 *   <li>request head ({@code timeouts.requestHeaders}): from accept for a connection's first request,
 *       else from the first byte of a head, until the head is complete → 408 and close. The clock
 *       restarts while the proxy handler is not asking for bytes (it is busy with an earlier
 *       pipelined request), so only the client's slowness counts;</li>
 *   <li>body idle ({@code timeouts.bodyIdle}): while the proxy handler asks for body bytes and none
 *       arrive → 408, or a close when the response started.</li>
 * </ul>
 *
 * <p>After a protocol upgrade the codec is removed; so is this guard, at its next event.
 *
 * <p>Concurrency: one instance per connection, on its event loop.
 */
public final class FramingGuard extends ChannelDuplexHandler {

    private final RequestFraming framing;
    private final long headNanos;
    private final long bodyIdleNanos;
    private final String codecName;
    private @Nullable ChannelHandlerContext ctx;
    private @Nullable ChannelHandlerContext codec;
    private boolean passive;
    private boolean readPending;
    private long readRequestedAt;
    private long lastByteAt;
    /** Whether the request-head deadline runs, and when it falls due. */
    private boolean headClock;
    private long headDeadline;
    private @Nullable ScheduledFuture<?> timer;
    private long timerDue;
    private final Runnable timerTask = this::onTimer;

    /**
     * @param codecName the pipeline name of the HTTP codec that follows this guard
     */
    public FramingGuard(int maxHeaders, long headNanos, long bodyIdleNanos, String codecName) {
        framing = new RequestFraming(maxHeaders);
        this.headNanos = headNanos;
        this.bodyIdleNanos = bodyIdleNanos;
        this.codecName = codecName;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        codec = ctx.pipeline().context(codecName);
        final long now = System.nanoTime();
        lastByteAt = now;
        headClock = true;
        headDeadline = now + headNanos;
        arm(headDeadline, now);
        ctx.fireChannelActive();
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (!readPending) {
            readPending = true;
            readRequestedAt = System.nanoTime();
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
        if (passive || !(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (codecGone()) {
            goPassive(ctx);
            ctx.fireChannelRead(msg);
            return;
        }
        if (framing.state() == State.REFUSED) {
            buf.release();
            return;
        }
        final long now = System.nanoTime();
        lastByteAt = now;
        final int from = buf.readerIndex();
        final int to = buf.writerIndex();
        // Where the current request's bytes start in this buffer, and whether the codec already has its head.
        int messageStart = from;
        boolean headPassed = framing.inBody();
        for (int i = from; i < to; ) {
            i = framing.scan(buf, i, to);
            if (framing.state() == State.REFUSED) {
                break;
            }
            if (i < to) {
                // A request starts at i.
                messageStart = i;
                headPassed = false;
                if (!headClock) {
                    headClock = true;
                    headDeadline = now + headNanos;
                }
            }
        }
        if (framing.state() == State.REFUSED) {
            final EdgeRefusal why = framing.refusal();
            if (messageStart > from) {
                ctx.fireChannelRead(buf.retainedSlice(from, messageStart - from));
            }
            buf.release();
            cancelTimer();
            ctx.fireChannelRead(headPassed ? EdgeRefusal.body(why.error(), why.getMessage())
                                           : EdgeRefusal.head(why.error(), why.getMessage()));
            return;
        }
        if (framing.inHead()) {
            arm(headDeadline, now);
        } else {
            headClock = false;
            if (framing.inBody()) {
                arm(now + bodyIdleNanos, now);
            }
        }
        ctx.fireChannelRead(buf);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    private void onTimer() {
        timer = null;
        final ChannelHandlerContext ctx = this.ctx;
        if (ctx == null || passive || framing.state() == State.REFUSED || !ctx.channel().isActive()) {
            return;
        }
        if (codecGone()) {
            goPassive(ctx);
            return;
        }
        final long now = System.nanoTime();
        if (headClock && (framing.inHead() || framing.state() == State.BETWEEN)) {
            if (!readPending) {
                // The proxy handler is busy with an earlier request: the client is not the one waiting.
                headDeadline = now + headNanos;
            } else if (now - headDeadline >= 0) {
                timeOut(ctx, EdgeRefusal.head(GatewayError.REQUEST_TIMEOUT, "the request head did not arrive within " +
                                                                           TimeUnit.NANOSECONDS.toMillis(headNanos) + " ms"));
                return;
            }
            arm(headDeadline, now);
            return;
        }
        if (framing.inBody()) {
            final long due = Math.max(lastByteAt, readRequestedAt) + bodyIdleNanos;
            if (!readPending) {
                arm(now + bodyIdleNanos, now);
            } else if (now - due >= 0) {
                timeOut(ctx, EdgeRefusal.body(GatewayError.REQUEST_TIMEOUT, "no byte of the request body arrived for " +
                                                                          TimeUnit.NANOSECONDS.toMillis(bodyIdleNanos) + " ms"));
            } else {
                arm(due, now);
            }
        }
    }

    private void timeOut(ChannelHandlerContext ctx, Object standIn) {
        framing.refuse(new EdgeRefusal(GatewayError.REQUEST_TIMEOUT, "timeout"));
        ctx.fireChannelRead(standIn);
    }

    private boolean codecGone() {
        final ChannelHandlerContext c = codec;
        return c != null && c.isRemoved();
    }

    private void goPassive(ChannelHandlerContext ctx) {
        passive = true;
        cancelTimer();
        ctx.pipeline().remove(this);
    }

    /** Makes sure the timer fires at {@code due} or before (an earlier firing re-arms itself). */
    private void arm(long due, long now) {
        final ScheduledFuture<?> t = timer;
        if (t != null) {
            if (timerDue - due <= 0) {
                return;
            }
            t.cancel(false);
        }
        timerDue = due;
        timer = ctx.executor().schedule(timerTask, Math.max(0, due - now), TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        final ScheduledFuture<?> t = timer;
        if (t != null) {
            timer = null;
            t.cancel(false);
        }
    }
}
