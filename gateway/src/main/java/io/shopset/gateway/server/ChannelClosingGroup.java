package io.shopset.gateway.server;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * An event loop group that, when asked to shut down, first closes every channel still registered
 * with it and waits (up to the shutdown's timeout) for those closes to finish, while its event
 * loops still run normally; only then do the loops stop.
 *
 * <p>Why: Netty 4.2.18's io_uring channel closes a channel that has a read (or write) in flight
 * only once that operation's cancellation has completed. When the event loop itself is stopping,
 * {@code IoUringIoHandler} closes the channels and then tears the ring down after a bounded wait,
 * without waiting for every such close: a channel whose cancelled read completes too late never
 * finishes closing, so its socket stays open and its read buffer is never released (Netty reports
 * the leak). Closing the channels before the shutdown lets each close finish the ordinary way, the
 * way connections close while serving. With epoll and NIO this changes nothing: their shutdown closes
 * the channels in the same way, at once.
 */
final class ChannelClosingGroup extends MultiThreadIoEventLoopGroup {

    private final ChannelGroup channels;

    ChannelClosingGroup(int threads, ThreadFactory threadFactory, IoHandlerFactory ioHandlerFactory, String name) {
        super(threads, threadFactory, ioHandlerFactory);
        channels = new DefaultChannelGroup(name + "-channels", GlobalEventExecutor.INSTANCE);
    }

    @Override
    public ChannelFuture register(Channel channel) {
        channels.add(channel);
        return super.register(channel);
    }

    @Override
    public ChannelFuture register(ChannelPromise promise) {
        channels.add(promise.channel());
        return super.register(promise);
    }

    @Deprecated
    @Override
    public ChannelFuture register(Channel channel, ChannelPromise promise) {
        channels.add(channel);
        return super.register(channel, promise);
    }

    /** Channels registered with this group and not yet closed. */
    int openChannels() {
        return channels.size();
    }

    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
        if (!isShuttingDown()) {
            final var closed = channels.close();
            // From one of this group's own loops a wait would block the closes it waits for.
            if (!inOwnLoop()) {
                closed.awaitUninterruptibly(timeout, unit);
            }
        }
        return super.shutdownGracefully(quietPeriod, timeout, unit);
    }

    private boolean inOwnLoop() {
        for (EventExecutor loop : this) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }
}
