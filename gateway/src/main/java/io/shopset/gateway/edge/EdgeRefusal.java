package io.shopset.gateway.edge;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.shopset.gateway.outbound.GatewayError;

/**
 * Why an edge handler refused a request, carried as the cause of a failed {@link DecoderResult}: on
 * a request head ({@link #head}) the proxy handler answers {@link #error()} and closes before
 * anything goes upstream; on a body's last content ({@link #body}) it answers it when no response
 * has started, and closes either way. No stack trace: it is a result, not a fault.
 */
public final class EdgeRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final HttpMethod UNKNOWN = new HttpMethod("-");

    private final transient GatewayError error;

    public EdgeRefusal(GatewayError error, String detail) {
        super(detail, null, false, false);
        this.error = error;
    }

    /** The status to answer. */
    public GatewayError error() {
        return error;
    }

    /**
     * A request head standing for a refused one (whose bytes never reached the codec): method and
     * target {@code -}, unknown, as the access log shows them.
     */
    public static HttpRequest head(GatewayError error, String detail) {
        final HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, UNKNOWN, "-");
        req.setDecoderResult(DecoderResult.failure(new EdgeRefusal(error, detail)));
        return req;
    }

    /** The last content of a request body refused midway. */
    public static LastHttpContent body(GatewayError error, String detail) {
        final LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
        last.setDecoderResult(DecoderResult.failure(new EdgeRefusal(error, detail)));
        return last;
    }
}
