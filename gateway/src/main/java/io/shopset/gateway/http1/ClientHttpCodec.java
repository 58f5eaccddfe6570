package io.shopset.gateway.http1;

import java.util.ArrayDeque;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

/**
 * The HTTP/1.1 server codec of a client connection: Netty's request decoder and response encoder
 * (their framing rules and limits unchanged), with compact header maps and shared names for the
 * header fields clients usually send ({@link KnownTokens}). As Netty's {@code HttpServerCodec} does,
 * it remembers each request's method so that the response to a {@code HEAD} is written without a
 * body and a successful {@code CONNECT}'s without framing headers, and closes the connection after
 * answering a request that had both {@code Transfer-Encoding} and {@code Content-Length}.
 *
 * <p>The common bodiless request is read from its bytes by {@link RawRequestParser}, to the request
 * Netty's decoder would make of them. A {@link RawHttpResponse} still in bytes is written as such,
 * and its body as it comes.
 */
public final class ClientHttpCodec extends CombinedChannelDuplexHandler<ClientHttpCodec.Decoder, ClientHttpCodec.Encoder> {

    /** What the encoder needs to know of the requests the decoder read. */
    private static final class Requests {
        final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);
        boolean closeAfterResponse;
    }

    /**
     * @param config the decoder's limits and checks; its header and trailer factories are replaced by the compact ones
     */
    public ClientHttpCodec(HttpDecoderConfig config) {
        final Requests requests = new Requests();
        init(new Decoder(CompactHeadersFactory.compact(config), requests),
             new Encoder(requests));
    }

    /**
     * Netty's request decoder with shared header names, which reads the common bodiless request
     * ({@link RawRequestParser}) itself; records each request's method. Which path a request takes is
     * decided at its first byte, so the two never share one.
     */
    static final class Decoder extends HttpRequestDecoder {

        private final Requests requests;
        /** The longest head the raw path reads: within Netty's limits, so that it takes nothing Netty would refuse. */
        private final int rawLimit;
        /** Whether Netty's decoder is between messages (it has read none of the next one). */
        private boolean nettyIdle = true;
        /** Whether Netty's decoder failed: it discards all that follows. */
        private boolean nettyOnly;

        Decoder(HttpDecoderConfig config, Requests requests) {
            super(config);
            this.requests = requests;
            rawLimit = Math.min(HeadBytes.WINDOW, Math.min(config.getMaxInitialLineLength(), config.getMaxHeaderSize()));
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
            if (nettyIdle) {
                final HttpRequest raw = RawRequestParser.parse(buffer, rawLimit);
                if (raw != null) {
                    requests.methods.add(raw.method());
                    out.add(raw);
                    out.add(LastHttpContent.EMPTY_LAST_CONTENT);
                    return;
                }
            }
            final int before = out.size();
            super.decode(ctx, buffer, out);
            // Netty is between messages only right after it ended one; called without ending one, it may
            // have started the next (its state moves on at the first byte), so the rest of that one is its.
            boolean ended = false;
            for (int i = before; i < out.size(); i++) {
                final Object m = out.get(i);
                if (m instanceof HttpRequest request) {
                    requests.methods.add(request.method());
                }
                if (m instanceof DecoderResultProvider p && p.decoderResult().isFailure()) {
                    nettyOnly = true;
                }
                ended = m instanceof LastHttpContent;
            }
            nettyIdle = ended && !nettyOnly;
        }

        @Override
        protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
            super.handleTransferEncodingChunkedWithContentLength(message);
            requests.closeAfterResponse = true;
        }

        @Override
        protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
            final AsciiString known = KnownTokens.name(sb, start, length);
            return known != null ? known : super.splitHeaderName(sb, start, length);
        }
    }

    /** Netty's response encoder, told which responses answer a {@code HEAD} or a {@code CONNECT}. */
    static final class Encoder extends HttpResponseEncoder {

        private final Requests requests;
        private HttpMethod method = HttpMethod.GET;
        /** Whether the head written last was raw and its body is still being written. */
        private boolean rawBody;

        Encoder(Requests requests) {
            this.requests = requests;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (requests.closeAfterResponse && msg instanceof LastHttpContent) {
                requests.closeAfterResponse = false;
                promise = promise.unvoid().addListener(ChannelFutureListener.CLOSE);
            }
            if (rawBody) {
                writeRawBody(ctx, msg, promise);
            } else if (msg instanceof RawHttpResponse raw && raw.isRaw() && !HttpMethod.CONNECT.equals(requests.methods.peek())) {
                // Framed by its Content-Length, which the client gets as it is: the body passes unchanged.
                final HttpMethod m = requests.methods.poll();
                method = m != null ? m : HttpMethod.GET;
                final ByteBuf head = ctx.alloc().buffer(raw.encodedLength());
                try {
                    raw.writeTo(head);
                } catch (RuntimeException e) {
                    head.release();
                    throw e;
                } finally {
                    raw.release();
                }
                rawBody = true;
                ctx.write(head, promise);
            } else {
                super.write(ctx, msg, promise);
            }
        }

        private void writeRawBody(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (!(msg instanceof HttpContent content)) {
                ReferenceCountUtil.release(msg);
                throw new IllegalStateException("a " + msg.getClass().getSimpleName() + " in the body of a response");
            }
            if (msg instanceof LastHttpContent last) {
                if (!last.trailingHeaders().isEmpty()) {
                    last.release();
                    throw new IllegalStateException("trailer fields on a response framed by Content-Length");
                }
                rawBody = false;
            }
            ctx.write(content.content(), promise);
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpResponse msg) {
            final int code = msg.status().code();
            if (code >= 100 && code < 200 && code != 101) {
                // An interim response: the final one to the same request follows.
                method = HttpMethod.GET;
                return super.isContentAlwaysEmpty(msg);
            }
            final HttpMethod m = requests.methods.poll();
            method = m != null ? m : HttpMethod.GET;
            return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
        }

        @Override
        protected void sanitizeHeadersBeforeEncode(HttpResponse msg, boolean isAlwaysEmpty) {
            if (!isAlwaysEmpty && HttpMethod.CONNECT.equals(method) && msg.status().codeClass() == HttpStatusClass.SUCCESS) {
                // A tunnel follows: no framing (RFC 9110 §9.3.6).
                msg.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
                return;
            }
            super.sanitizeHeadersBeforeEncode(msg, isAlwaysEmpty);
        }

        @Override
        protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
            if (!CompactHttpHeaders.encodeIfCompact(headers, buf)) {
                super.encodeHeaders(headers, buf);
            }
        }
    }
}
