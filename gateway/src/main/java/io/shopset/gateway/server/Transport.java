package io.shopset.gateway.server;

import java.util.Locale;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The socket transport: io_uring when the kernel offers it, native epoll otherwise, NIO last. The
 * system property {@code shopset.transport} ({@code io_uring}, {@code epoll} or {@code nio}) forces
 * one; a native transport that is not available here falls back to the best one that is. io_uring is
 * the default because it cost about a fifth less CPU per proxied request than epoll in the
 * side-by-side benchmark (docs/performance.md). Groups come from {@link #newGroup(int, String)}, which
 * closes a group's channels before its loops stop ({@link ChannelClosingGroup} says why).
 */
public enum Transport {
    IO_URING, EPOLL, NIO;

    /** The transport {@code shopset.transport} asks for, when available; otherwise the best one here. */
    public static Transport best() {
        final String wanted = System.getProperty("shopset.transport", "").trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "nio":
                return NIO;
            case "epoll":
                return Epoll.isAvailable() ? EPOLL : NIO;
            default:
                if (IoUring.isAvailable()) {
                    return IO_URING;
                }
                return Epoll.isAvailable() ? EPOLL : NIO;
        }
    }

    public EventLoopGroup newGroup(int threads) {
        return newGroup(threads, "shopset-loop");
    }

    /**
     * A group of {@code threads} event loops whose threads are named {@code name-N}; shutting it down
     * closes its channels first and waits for them (up to the shutdown's timeout).
     */
    public EventLoopGroup newGroup(int threads, String name) {
        return new ChannelClosingGroup(threads, new DefaultThreadFactory(name, true), ioHandlerFactory(), name);
    }

    private IoHandlerFactory ioHandlerFactory() {
        switch (this) {
            case IO_URING:
                return IoUringIoHandler.newFactory();
            case EPOLL:
                return EpollIoHandler.newFactory();
            default:
                return NioIoHandler.newFactory();
        }
    }

    public Class<? extends ServerChannel> serverChannel() {
        switch (this) {
            case IO_URING:
                return IoUringServerSocketChannel.class;
            case EPOLL:
                return EpollServerSocketChannel.class;
            default:
                return NioServerSocketChannel.class;
        }
    }

    public Class<? extends SocketChannel> socketChannel() {
        switch (this) {
            case IO_URING:
                return IoUringSocketChannel.class;
            case EPOLL:
                return EpollSocketChannel.class;
            default:
                return NioSocketChannel.class;
        }
    }
}
