package io.shopset.gateway.http2;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import io.netty.util.ReferenceCountUtil;

/**
 * Makes an HTTP/2 stream's HTTP/1.1 objects look like those of an HTTP/1.1 connection, for the proxy
 * handler after it:
 * <ul>
 *   <li>a request whose HEADERS frame ended the stream arrives from Netty's converter as one
 *       {@code FullHttpRequest}; it goes on as a head and a last content, as the HTTP/1.1 decoder
 *       gives them (the proxy handler may write a head twice when it retries; a full request's
 *       content would be gone by then);</li>
 *   <li>the converter's {@code x-http2-*} headers (stream id, scheme) are removed: they never go
 *       upstream;</li>
 *   <li>frames that are no HTTP message (a client's RST_STREAM, unknown frames) are dropped: the
 *       stream's channel closes after a reset anyway;</li>
 *   <li>an HTTP/2 error on the stream (a content-length the DATA frames do not match, a flow-control
 *       violation, …) stops here: the multiplexer resets the stream with that error's code right after
 *       (the proxy handler, closing on an exception, would reset it with CANCEL — which neither
 *       tells the client what was wrong nor counts towards the limit on resets a client provokes);
 *       the proxy handler sees the stream close;</li>
 *   <li>outbound, an empty buffer — the proxy handler's "flush, then close" marker on a
 *       connection — completes at once: a stream carries frames, not bytes.</li>
 * </ul>
 *
 * <pre>
 * (stream) "h2-http" Http2StreamFrameToHttpObjectCodec → "h2-request" this → "h2-body-deadline" → "slow-reader"
 *   → "admission" → "proxy"
 * </pre>
 *
 * <p>Stateless; {@link Sharable}.
 */
@io.netty.channel.ChannelHandler.Sharable
final class Http2RequestAdapter extends ChannelDuplexHandler {

    static final Http2RequestAdapter INSTANCE = new Http2RequestAdapter();

    private static final Logger logger = LoggerFactory.getLogger(Http2RequestAdapter.class);

    private Http2RequestAdapter() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof FullHttpRequest full) {
            final HttpRequest head = new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(),
                                                            stripExtensions(full.headers()));
            final ByteBuf content = full.content();
            final LastHttpContent last;
            if (content.isReadable() || !full.trailingHeaders().isEmpty()) {
                last = new DefaultLastHttpContent(content);
                last.trailingHeaders().set(full.trailingHeaders());
            } else {
                content.release();
                last = LastHttpContent.EMPTY_LAST_CONTENT;
            }
            ctx.fireChannelRead(head);
            ctx.fireChannelRead(last);
            return;
        }
        if (msg instanceof HttpRequest req) {
            stripExtensions(req.headers());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2Exception) {
            logger.debug("stream {} failed: {}", ctx.channel(), cause.toString());
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf && !buf.isReadable()) {
            buf.release();
            promise.trySuccess();
            return;
        }
        ctx.write(msg, promise);
    }

    private static HttpHeaders stripExtensions(HttpHeaders headers) {
        for (ExtensionHeaderNames name : ExtensionHeaderNames.values()) {
            headers.remove(name.text());
        }
        return headers;
    }
}
