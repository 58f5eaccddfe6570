package io.shopset.gateway.http1;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;

/**
 * Makes {@link CompactHttpHeaders} for the HTTP/1.1 decoders, validating as Netty's own factories
 * do: {@link #HEADERS} with the header validators of {@link DefaultHttpHeadersFactory#headersFactory()},
 * {@link #TRAILERS} with those of {@link DefaultHttpHeadersFactory#trailersFactory()} (which also
 * refuse framing headers in a trailer). A trailer's array is allocated only when a trailer field
 * arrives, so the empty trailer every message ends with costs one small object.
 */
public final class CompactHeadersFactory implements HttpHeadersFactory {

    /** For request and response heads. */
    public static final CompactHeadersFactory HEADERS =
            new CompactHeadersFactory(DefaultHttpHeadersFactory.headersFactory(), 8);
    /** For trailers (the last part of a chunked message). */
    public static final CompactHeadersFactory TRAILERS =
            new CompactHeadersFactory(DefaultHttpHeadersFactory.trailersFactory(), 0);

    /** A copy of {@code config} whose decoder makes compact header and trailer maps. */
    static HttpDecoderConfig compact(HttpDecoderConfig config) {
        return config.clone().setHeadersFactory(HEADERS).setTrailersFactory(TRAILERS);
    }

    private final DefaultHttpHeadersFactory validators;
    private final int expected;

    private CompactHeadersFactory(DefaultHttpHeadersFactory validators, int expected) {
        this.validators = validators;
        this.expected = expected;
    }

    @Override
    public HttpHeaders newHeaders() {
        return new CompactHttpHeaders(validators.getNameValidator(), validators.getValueValidator(), expected);
    }

    @Override
    public HttpHeaders newEmptyHeaders() {
        return new CompactHttpHeaders(validators.getNameValidator(), validators.getValueValidator(), 0);
    }
}
