package io.shopset.admin.server;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.shopset.admin.api.Router;
import io.shopset.gateway.server.Transport;

/**
 * The admin listener: its own event loop, separate from the data plane's, and a single admin
 * thread on which every route runs, so mutations are applied one at a time and the event loop never
 * blocks.
 */
public final class AdminServer implements AutoCloseable {

    /** Admin request bodies larger than this get 413 (an import of a large table fits). */
    static final int MAX_BODY = 64 * 1024 * 1024;

    private static final Logger logger = LoggerFactory.getLogger(AdminServer.class);

    private final EventLoopGroup group;
    private final ExecutorService executor;
    private final Channel listener;

    /**
     * Binds {@code bind}.
     *
     * @throws InterruptedException when interrupted while binding
     */
    public AdminServer(InetSocketAddress bind, Router router) throws InterruptedException {
        final Transport transport = Transport.best();
        group = transport.newGroup(1);
        executor = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "shopset-admin");
            t.setDaemon(true);
            return t;
        });
        try {
            listener = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                              .addLast("http", new HttpServerCodec())
                              .addLast("idle", new IdleStateHandler(0, 0, 120, TimeUnit.SECONDS) {
                                  @Override
                                  protected void channelIdle(io.netty.channel.ChannelHandlerContext ctx,
                                                             io.netty.handler.timeout.IdleStateEvent evt) {
                                      ctx.close();
                                  }
                              })
                              .addLast("aggregate", new HttpObjectAggregator(MAX_BODY))
                              .addLast("admin", new AdminHttpHandler(router, executor));
                        }
                    })
                    .bind(bind).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        logger.info("admin API listening on {}", listener.localAddress());
    }

    /** The listener's channel type: the transport it actually uses. */
    public Class<? extends Channel> listenerChannelType() {
        return listener.getClass();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        executor.shutdownNow();
    }
}
