package io.shopset.gateway.edge;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Caps client connections, per listener ({@code listener.maxConnections}) and for all public
 * listeners together ({@code overload.maxConnections}). A connection over either cap is accepted
 * and closed at once, before it is registered with a worker loop or reads a byte: the client sees
 * its connection reset rather than a hang, and a load balancer moves on to another gateway.
 *
 * <pre>
 * server channel: "caps" ConnectionLimiter → ServerBootstrapAcceptor
 * </pre>
 *
 * <p>Concurrency: this handler runs on the listener's (boss) event loop, which is the only one that
 * increments; the counts go down from the worker loops when connections close, hence the atomics.
 * The global count is shared by the listeners of one gateway.
 */
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    private static final Logger logger = LoggerFactory.getLogger(ConnectionLimiter.class);

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger global;
    private final int max;
    private final int globalMax;
    private final AtomicLong refused = new AtomicLong();
    private final EdgeObserver observer;
    private final ChannelFutureListener onClose = f -> release();

    /**
     * @param global    the connections open on all listeners, shared between their limiters
     * @param max       this listener's cap
     * @param globalMax the cap on {@code global}
     * @param observer  told of each connection refused
     */
    public ConnectionLimiter(AtomicInteger global, int max, int globalMax, EdgeObserver observer) {
        this.global = global;
        this.max = max;
        this.globalMax = globalMax;
        this.observer = observer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Channel child)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (open.get() >= max || !tryAcquire(global, globalMax)) {
            child.unsafe().closeForcibly();
            observer.rejected(EdgeReason.CONNECTION_LIMIT);
            if (refused.getAndIncrement() % 1000 == 0) {
                logger.warn("connection cap reached ({} on this listener, {} in all): connections are closed at accept",
                            open.get(), global.get());
            }
            return;
        }
        open.incrementAndGet();
        child.closeFuture().addListener(onClose);
        ctx.fireChannelRead(child);
    }

    /** Connections open on this listener now. */
    public int open() {
        return open.get();
    }

    /** Connections closed at accept because a cap was reached, since start. */
    public long refused() {
        return refused.get();
    }

    private void release() {
        open.decrementAndGet();
        global.decrementAndGet();
    }

    private static boolean tryAcquire(AtomicInteger count, int max) {
        for (;;) {
            final int n = count.get();
            if (n >= max) {
                return false;
            }
            if (count.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }
}
