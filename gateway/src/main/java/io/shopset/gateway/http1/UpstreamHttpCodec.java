package io.shopset.gateway.http1;

import java.util.ArrayDeque;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;

/**
 * The HTTP/1.1 client codec of an upstream connection: Netty's request encoder and response decoder
 * (their framing rules and limits unchanged), with compact header maps and shared strings for the
 * common tokens of a response head ({@link KnownTokens}). Like Netty's {@code HttpClientCodec} it
 * remembers each request's method, so that the response to a {@code HEAD} is read without a body.
 * Connections carrying {@code CONNECT} are not made (the gateway refuses that method).
 *
 * <p>The common head (see {@link RawResponseParser}) is read as bytes into a {@link RawHttpResponse}
 * and its {@code Content-Length} body passed on as slices; any other head, and its body, goes through
 * Netty's decoder. Which path a message takes is decided at its first byte, so the two never share one.
 */
public final class UpstreamHttpCodec extends CombinedChannelDuplexHandler<UpstreamHttpCodec.Decoder, UpstreamHttpCodec.Encoder> {

    /**
     * @param config the decoder's limits; its header and trailer factories are replaced by the compact ones
     */
    public UpstreamHttpCodec(HttpDecoderConfig config) {
        final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);
        init(new Decoder(CompactHeadersFactory.compact(config), methods),
             new Encoder(methods));
    }

    /** Records the method of each request written. */
    static final class Encoder extends HttpRequestEncoder {

        private final ArrayDeque<HttpMethod> methods;

        Encoder(ArrayDeque<HttpMethod> methods) {
            this.methods = methods;
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
            if (msg instanceof HttpRequest) {
                methods.add(((HttpRequest) msg).method());
            }
            super.encode(ctx, msg, out);
        }

        @Override
        protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
            if (!CompactHttpHeaders.encodeIfCompact(headers, buf)) {
                super.encodeHeaders(headers, buf);
            }
        }
    }

    /** Netty's response decoder with shared tokens, told which responses answer a {@code HEAD}. */
    static final class Decoder extends HttpResponseDecoder {

        private final ArrayDeque<HttpMethod> methods;
        private final int maxChunkSize;
        /** Whether Netty's decoder is between messages (it has read none of the next one). */
        private boolean nettyIdle = true;
        /** Whether Netty's decoder failed or saw a protocol switch: it reads all that follows. */
        private boolean nettyOnly;
        /** Body bytes of the current raw message still to come, or -1 outside a raw message. */
        private long rawRemaining = -1;

        Decoder(HttpDecoderConfig config, ArrayDeque<HttpMethod> methods) {
            super(config);
            this.methods = methods;
            maxChunkSize = config.getMaxChunkSize();
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            if (rawRemaining >= 0) {
                readRawBody(in, out);
                return;
            }
            if (nettyIdle) {
                final RawHttpResponse raw = RawResponseParser.parse(in);
                if (raw != null) {
                    final HttpMethod method = methods.poll();
                    out.add(raw);
                    if (HttpMethod.HEAD.equals(method) || raw.status().code() == 304 || raw.contentLength() == 0) {
                        out.add(LastHttpContent.EMPTY_LAST_CONTENT);
                    } else {
                        rawRemaining = raw.contentLength();
                        readRawBody(in, out);
                    }
                    return;
                }
            }
            final int before = out.size();
            super.decode(ctx, in, out);
            // Netty is between messages only right after it ended one. Called without ending one, it
            // may have started the next (even without consuming: its state moves on at the first
            // byte), so the rest of that message is its. After a failure it discards all that
            // follows, and after a 101 it passes bytes through: it keeps the connection then.
            boolean ended = false;
            for (int i = before; i < out.size(); i++) {
                final Object m = out.get(i);
                if (m instanceof DecoderResultProvider p && p.decoderResult().isFailure()
                    || m instanceof HttpResponse r && r.status().code() == 101) {
                    nettyOnly = true;
                }
                ended = m instanceof LastHttpContent;
            }
            nettyIdle = ended && !nettyOnly;
        }

        private void readRawBody(ByteBuf in, List<Object> out) {
            final int n = (int) Math.min(Math.min(in.readableBytes(), maxChunkSize), rawRemaining);
            if (n == 0) {
                return;
            }
            final ByteBuf chunk = in.readRetainedSlice(n);
            rawRemaining -= n;
            if (rawRemaining == 0) {
                rawRemaining = -1;
                // No trailer follows a Content-Length body: the empty one all such parts share, as EMPTY_LAST_CONTENT's.
                out.add(new DefaultLastHttpContent(chunk, EmptyHttpHeaders.INSTANCE));
            } else {
                out.add(new DefaultHttpContent(chunk));
            }
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage msg) {
            final int code = ((HttpResponse) msg).status().code();
            if (code >= 100 && code < 200) {
                // An interim response: the final one to the same request follows.
                return super.isContentAlwaysEmpty(msg);
            }
            final HttpMethod method = methods.poll();
            return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
        }

        @Override
        protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
            final AsciiString known = KnownTokens.name(sb, start, length);
            return known != null ? known : super.splitHeaderName(sb, start, length);
        }

        @Override
        protected String splitFirstWordInitialLine(byte[] sb, int start, int length) {
            final String known = KnownTokens.version(sb, start, length);
            return known != null ? known : super.splitFirstWordInitialLine(sb, start, length);
        }

        @Override
        protected String splitSecondWordInitialLine(byte[] sb, int start, int length) {
            final String known = KnownTokens.code(sb, start, length);
            return known != null ? known : super.splitSecondWordInitialLine(sb, start, length);
        }

        @Override
        protected String splitThirdWordInitialLine(byte[] sb, int start, int length) {
            final String known = KnownTokens.reason(sb, start, length);
            return known != null ? known : super.splitThirdWordInitialLine(sb, start, length);
        }
    }
}
