package io.shopset.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringServerSocketChannel;

class TransportTest {

    /** Each transport's group, server channel and client channel work together over a real socket. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void echoesOverALoopbackSocket(Transport transport) throws Exception {
        assumeTrue(available(transport), transport + " is not available on this machine");
        final EventLoopGroup group = transport.newGroup(1, "transport-test");
        try {
            final Channel server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ctx.writeAndFlush(msg);
                                }
                            });
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            final CompletableFuture<String> echoed = new CompletableFuture<>();
            final Channel client = new Bootstrap().group(group).channel(transport.socketChannel())
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            final ByteBuf buf = (ByteBuf) msg;
                            try {
                                echoed.complete(buf.toString(StandardCharsets.US_ASCII));
                            } finally {
                                buf.release();
                            }
                        }
                    }).connect(server.localAddress()).sync().channel();
            client.writeAndFlush(Unpooled.copiedBuffer("ping", StandardCharsets.US_ASCII)).sync();
            assertThat(echoed.get(5, TimeUnit.SECONDS)).isEqualTo("ping");
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void withoutAPropertyIoUringIsChosenWhenTheKernelOffersIt_andThePropertyForcesAnother() {
        final String before = System.getProperty("shopset.transport");
        System.clearProperty("shopset.transport");
        try {
            final Transport nativeBest = IoUring.isAvailable() ? Transport.IO_URING
                    : Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO;
            assertThat(Transport.best()).isEqualTo(nativeBest);
            System.setProperty("shopset.transport", "io_uring");
            assertThat(Transport.best()).isEqualTo(nativeBest);
            System.setProperty("shopset.transport", "epoll");
            assertThat(Transport.best()).isEqualTo(Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO);
            System.setProperty("shopset.transport", "nio");
            assertThat(Transport.best()).isEqualTo(Transport.NIO);
        } finally {
            if (before == null) {
                System.clearProperty("shopset.transport");
            } else {
                System.setProperty("shopset.transport", before);
            }
        }
    }

    /** A listener bound with the chosen transport is a channel of that transport. */
    @Test
    void aListenerBoundWithTheChosenTransportUsesIt() throws Exception {
        final Transport transport = Transport.best();
        final EventLoopGroup group = transport.newGroup(1, "transport-test");
        try {
            final Channel server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                    .childHandler(new ChannelInboundHandlerAdapter())
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            assertThat(server).isExactlyInstanceOf(expectedServerChannel());
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /**
     * The server channel type a listener should use here: what {@code shopset.transport} forces when
     * that is available, otherwise io_uring, epoll, NIO, whichever the machine offers first.
     */
    static Class<?> expectedServerChannel() {
        final String wanted = System.getProperty("shopset.transport", "");
        if (wanted.equals("nio")) {
            return NioServerSocketChannel.class;
        }
        if (!wanted.equals("epoll") && IoUring.isAvailable()) {
            return IoUringServerSocketChannel.class;
        }
        return Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    private static boolean available(Transport transport) {
        switch (transport) {
            case IO_URING:
                return IoUring.isAvailable();
            case EPOLL:
                return Epoll.isAvailable();
            default:
                return true;
        }
    }
}
