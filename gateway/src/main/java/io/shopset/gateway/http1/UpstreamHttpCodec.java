package io.shopset.gateway.http1;

import java.util.ArrayDeque;
import java.util.List;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.AsciiString;

/**
 * The HTTP/1.1 client codec of an upstream connection: Netty's request encoder and response decoder
 * (their framing rules and limits unchanged), with compact header maps and shared strings for the
 * common tokens of a response head ({@link KnownTokens}). Like Netty's {@code HttpClientCodec} it
 * remembers each request's method, so that the response to a {@code HEAD} is read without a body.
 * Connections carrying {@code CONNECT} are not made (the gateway refuses that method).
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
    }

    /** Netty's response decoder with shared tokens, told which responses answer a {@code HEAD}. */
    static final class Decoder extends HttpResponseDecoder {

        private final ArrayDeque<HttpMethod> methods;

        Decoder(HttpDecoderConfig config, ArrayDeque<HttpMethod> methods) {
            super(config);
            this.methods = methods;
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
