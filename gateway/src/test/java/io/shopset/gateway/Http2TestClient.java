package io.shopset.gateway;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;

/**
 * Netty's own HTTP/2 client over TLS (ALPN {@code h2}, any certificate trusted): one connection, a
 * stream per request, responses aggregated into {@link Response}s (copied, nothing to release).
 */
final class Http2TestClient implements AutoCloseable {

    /** A response, copied out of Netty's buffers. */
    record Response(int status, HttpHeaders headers, String body) {
    }

    private final EventLoopGroup group;
    private final Channel connection;
    /** The error code of a GOAWAY the gateway sent. */
    final CompletableFuture<Long> goAway = new CompletableFuture<>();

    private Http2TestClient(EventLoopGroup group, Channel connection) {
        this.group = group;
        this.connection = connection;
    }

    /** Connects to {@code address} with SNI {@code sni}, offering only {@code h2}. */
    static Http2TestClient connect(InetSocketAddress address, String sni) throws Exception {
        final SslContext ssl = SslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2))
                .build();
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        final CompletableFuture<Long> goAway = new CompletableFuture<>();
        try {
            final Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc(), sni, address.getPort()));
                            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build());
                            ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    if (msg instanceof Http2GoAwayFrame g) {
                                        goAway.complete(g.errorCode());
                                    }
                                    ReferenceCountUtil.release(msg);
                                }
                            });
                        }
                    })
                    .connect(address).sync().channel();
            final SslHandler tls = ch.pipeline().get(SslHandler.class);
            tls.handshakeFuture().sync();
            if (!ApplicationProtocolNames.HTTP_2.equals(tls.applicationProtocol())) {
                throw new IllegalStateException("ALPN chose " + tls.applicationProtocol() + ", not h2");
            }
            final Http2TestClient client = new Http2TestClient(group, ch);
            goAway.whenComplete((code, e) -> client.goAway.complete(code));
            return client;
        } catch (Exception | Error e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** A request without a body. */
    static FullHttpRequest request(HttpMethod method, String host, String path) {
        final FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path, Unpooled.EMPTY_BUFFER);
        req.headers().set(HttpHeaderNames.HOST, host);
        return req;
    }

    /** A request with {@code body}, announced with a content-length when {@code withLength}. */
    static FullHttpRequest request(HttpMethod method, String host, String path, byte[] body, boolean withLength) {
        final FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path,
                                                               Unpooled.wrappedBuffer(body));
        req.headers().set(HttpHeaderNames.HOST, host);
        if (withLength) {
            req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        return req;
    }

    /** Sends {@code req} on a new stream; the future fails when the stream ends without a response. */
    CompletableFuture<Response> send(FullHttpRequest req) {
        final CompletableFuture<Response> response = new CompletableFuture<>();
        // A bootstrap per stream: open() reads its handler later, on the event loop.
        new Http2StreamChannelBootstrap(connection).handler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false));
                ch.pipeline().addLast(new HttpObjectAggregator(16 * 1024 * 1024));
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof FullHttpResponse res) {
                            response.complete(new Response(res.status().code(), res.headers().copy(),
                                                           res.content().toString(StandardCharsets.UTF_8)));
                        }
                        ReferenceCountUtil.release(msg);
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        response.completeExceptionally(new IllegalStateException("stream closed without a response"));
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        response.completeExceptionally(cause);
                        ctx.close();
                    }
                });
            }
        }).open().addListener(f -> {
            if (!f.isSuccess()) {
                req.release();
                response.completeExceptionally(f.cause());
                return;
            }
            ((Http2StreamChannel) f.getNow()).writeAndFlush(req);
        });
        return response;
    }

    /** Whether the connection is still open. */
    boolean isOpen() {
        return connection.isActive();
    }

    @Override
    public void close() {
        connection.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
