package io.shopset.admin.server;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.shopset.admin.api.AdminRequest;
import io.shopset.admin.api.AdminResponse;
import io.shopset.admin.api.Router;

/**
 * Turns a complete admin HTTP request into an {@link AdminRequest}, serves it on the admin executor
 * (never on the event loop: handlers may write files or talk to Redis), and writes the answer.
 *
 * <pre>
 * HttpServerCodec → HttpObjectAggregator(1 MiB) → AdminHttpHandler
 * </pre>
 */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger logger = LoggerFactory.getLogger(AdminHttpHandler.class);

    private final Router router;
    private final Executor executor;

    AdminHttpHandler(Router router, Executor executor) {
        this.router = router;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        final boolean keepAlive = HttpUtil.isKeepAlive(msg);
        final boolean head = msg.method().name().equals("HEAD");
        if (msg.decoderResult().isFailure()) {
            write(ctx, AdminResponse.error(400, "malformed request", null), false, head);
            return;
        }
        final QueryStringDecoder qs = new QueryStringDecoder(msg.uri());
        final Map<String, String> headers = new HashMap<>();
        msg.headers().forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(), e.getValue()));
        final AdminRequest req = new AdminRequest(msg.method().name(), qs.path(), qs.parameters(), Map.of(), headers,
                                                  ByteBufUtil.getBytes(msg.content()), null);
        try {
            executor.execute(() -> write(ctx, router.dispatch(req), keepAlive, head));
        } catch (RejectedExecutionException e) {
            write(ctx, AdminResponse.error(503, "the admin API is shutting down", null), false, head);
        }
    }

    private static void write(ChannelHandlerContext ctx, AdminResponse r, boolean keepAlive, boolean head) {
        final FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType())
           .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (r.status() != 304) {
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        }
        r.headers().forEach(res.headers()::set);
        if (!keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        final var f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        logger.debug("admin connection {} failed", ctx.channel(), cause);
        ctx.close();
    }
}
