package io.shopset.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.netty.util.ReferenceCountUtil;

/**
 * Groups from {@link Transport#newGroup(int, String)} close their connections, reads in flight
 * included, before their loops stop, and serving many short connections leaks nothing (the
 * testkit's LeakGuard fails the class on any buffer leak; leak detection is paranoid in tests).
 */
class ChannelClosingGroupTest {

    private static final int CLIENTS = 8;

    /**
     * Clients keep sending while the server's group shuts down, so every server connection has a
     * read in flight. Each client must then see its connection closed (its write fails): with Netty
     * 4.2.18's io_uring loop shut down directly, most of these sockets stayed open and the clients
     * blocked in write for good.
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void shuttingDownClosesConnectionsWithReadsInFlight(Transport transport) throws Exception {
        assumeTrue(available(transport), transport + " is not available on this machine");
        for (int round = 0; round < 5; round++) {
            final EventLoopGroup group = transport.newGroup(1, "closing-test");
            final Received received = new Received();
            final Channel server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    received.add(ctx.channel(), ((ByteBuf) msg).readableBytes());
                                    ReferenceCountUtil.release(msg);
                                }
                            });
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            final int port = ((InetSocketAddress) server.localAddress()).getPort();
            final List<Socket> sockets = new CopyOnWriteArrayList<>();
            final List<Thread> writers = new ArrayList<>();
            final AtomicInteger failedWrites = new AtomicInteger();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    final Socket socket = new Socket("127.0.0.1", port);
                    sockets.add(socket);
                    final Thread writer = new Thread(() -> keepWriting(socket, failedWrites), "closing-test-writer");
                    writer.setDaemon(true);
                    writer.start();
                    writers.add(writer);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> received.connectionsWithData() == CLIENTS);

                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();

                assertThat(((ChannelClosingGroup) group).openChannels()).isZero();
                await().atMost(Duration.ofSeconds(10)).until(() -> failedWrites.get() == CLIENTS);
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
                for (Thread writer : writers) {
                    writer.join(TimeUnit.SECONDS.toMillis(5));
                }
                group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Many short connections on a running group, closed half by the client and half by the server
     * after an echo: every echo arrives, and LeakGuard finds no buffer left unreleased.
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void servingManyShortConnectionsLeaksNothing(Transport transport) throws Exception {
        assumeTrue(available(transport), transport + " is not available on this machine");
        final EventLoopGroup group = transport.newGroup(2, "closing-test");
        try {
            final Channel server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    final ByteBuf buf = (ByteBuf) msg;
                                    final boolean closeHere = buf.getByte(buf.readerIndex()) == 'S';
                                    final var written = ctx.writeAndFlush(msg);
                                    if (closeHere) {
                                        written.addListener(ChannelFutureListener.CLOSE);
                                    }
                                }
                            });
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            final int connections = 200;
            final CountDownLatch echoed = new CountDownLatch(connections);
            final AtomicLong wrongEchoes = new AtomicLong();
            final Bootstrap client = new Bootstrap().group(group).channel(transport.socketChannel());
            final List<Channel> clients = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                final String message = (i % 2 == 0 ? "S" : "C") + "-hello-" + i;
                final Channel ch = client.clone().handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        final ByteBuf buf = (ByteBuf) msg;
                        try {
                            if (!buf.toString(StandardCharsets.US_ASCII).equals(message)) {
                                wrongEchoes.incrementAndGet();
                            }
                        } finally {
                            buf.release();
                        }
                        echoed.countDown();
                        if (message.charAt(0) == 'C') {
                            ctx.close();
                        }
                    }
                }).connect(server.localAddress()).sync().channel();
                ch.writeAndFlush(Unpooled.copiedBuffer(message, StandardCharsets.US_ASCII));
                clients.add(ch);
            }
            assertThat(echoed.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(wrongEchoes.get()).isZero();
            for (Channel ch : clients) {
                ch.closeFuture().await(5, TimeUnit.SECONDS);
                assertThat(ch.isOpen()).isFalse();
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        }
    }

    private static void keepWriting(Socket socket, AtomicInteger failedWrites) {
        final byte[] chunk = new byte[1024];
        try {
            final OutputStream out = socket.getOutputStream();
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException e) {
            failedWrites.incrementAndGet();
        }
    }

    /** Bytes received per server connection. */
    private static final class Received {
        private final ConcurrentHashMap<Channel, Long> bytes = new ConcurrentHashMap<>();

        void add(Channel ch, int n) {
            bytes.merge(ch, (long) n, Long::sum);
        }

        long connectionsWithData() {
            return bytes.values().stream().filter(b -> b > 0).count();
        }
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
