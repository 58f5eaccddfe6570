package io.shopset.gateway.edge;

import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.shopset.gateway.outbound.GatewayError;
import io.shopset.gateway.resolve.DataPlaneSnapshot;
import io.shopset.gateway.resolve.RouteResolver;
import io.shopset.routing.ShopRoute;

/**
 * Admits each decoded request or refuses it before anything goes upstream: 503 while the process is
 * overloaded, 413 when its {@code Content-Length} is over the shop's body limit; and cuts a streamed
 * (chunked) body off where it crosses the limit (413 when no response started, else a close).
 *
 * <pre>
 * … → "http" ClientHttpCodec → "admission" AdmissionHandler → "idle" → "proxy" ProxyFrontendHandler
 * </pre>
 *
 * <p>A refused head goes on with an {@link EdgeRefusal} as its failed decoder result, so the proxy
 * handler answers it in order and closes; a cut-off body ends with a failed last content. Either
 * way the rest of the connection's input is dropped here.
 *
 * <p>The limit is the shop's {@code limits.maxBodySize}, else {@code http.maxBodySize}; 0 means none.
 * Only requests with a body look the shop up (a second, allocation-free host lookup).
 *
 * <p>Concurrency: one instance per connection, on its event loop.
 */
public final class AdmissionHandler extends ChannelInboundHandlerAdapter {

    private final RouteResolver resolver;
    private final long defaultMaxBody;
    private final BooleanSupplier overloaded;
    /** The current body's limit, or -1 when it is not counted. */
    private long limit = -1;
    private long received;
    private boolean refused;

    public AdmissionHandler(RouteResolver resolver, long defaultMaxBody, BooleanSupplier overloaded) {
        this.resolver = resolver;
        this.defaultMaxBody = defaultMaxBody;
        this.overloaded = overloaded;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            admit(req);
        } else if (limit >= 0 && msg instanceof HttpContent content && content.decoderResult().isSuccess()) {
            received += content.content().readableBytes();
            if (received > limit) {
                content.release();
                refused = true;
                ctx.fireChannelRead(EdgeRefusal.body(GatewayError.BODY_TOO_LARGE,
                                                     "the request body is over the limit of " + limit + " bytes"));
                return;
            }
            if (content instanceof LastHttpContent) {
                limit = -1;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void admit(HttpRequest req) {
        limit = -1;
        if (req.decoderResult().isFailure()) {
            return;
        }
        if (overloaded.getAsBoolean()) {
            refuse(req, GatewayError.OVERLOADED, "the gateway is overloaded; try again shortly");
            return;
        }
        final boolean chunked = HttpUtil.isTransferEncodingChunked(req);
        final long length = chunked ? -1 : HttpUtil.getContentLength(req, 0L);
        if (!chunked && length == 0) {
            return;
        }
        final long max = maxBodySize(req.headers().get(HttpHeaderNames.HOST));
        if (max <= 0) {
            return;
        }
        if (length > max) {
            refuse(req, GatewayError.BODY_TOO_LARGE,
                   "the request body of " + length + " bytes is over the limit of " + max + " bytes");
            return;
        }
        if (chunked) {
            limit = max;
            received = 0;
        }
    }

    private long maxBodySize(@Nullable String host) {
        final DataPlaneSnapshot snap = resolver.current();
        final ShopRoute route = snap == null || host == null ? null : snap.resolve(host);
        final Long shop = route == null ? null : route.limits().maxBodySize();
        return shop != null ? shop : defaultMaxBody;
    }

    private void refuse(HttpRequest req, GatewayError error, String detail) {
        req.setDecoderResult(DecoderResult.failure(new EdgeRefusal(error, detail)));
        refused = true;
    }
}
