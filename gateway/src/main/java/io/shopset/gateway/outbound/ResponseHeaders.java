package io.shopset.gateway.outbound;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.shopset.gateway.http1.RawHttpResponse;
import io.shopset.gateway.inbound.HopByHop;

/**
 * Turns an upstream response head into the head sent to the client: hop-by-hop headers removed,
 * framing fixed for the client's HTTP version, and the connection's fate stated.
 */
public final class ResponseHeaders {

    private ResponseHeaders() {
    }

    /**
     * Rewrites {@code res} in place for the client.
     *
     * @param keepAlive     whether the client connection may stay open after this response
     * @param clientVersion the client's HTTP version
     * @param bodyless      whether the response has no body whatever its headers say (HEAD, 204, 304)
     * @return whether the client connection stays open after this response
     */
    public static boolean forClient(HttpResponse res, boolean keepAlive, HttpVersion clientVersion, boolean bodyless) {
        if (res instanceof RawHttpResponse raw && raw.isRaw()) {
            // Framed by one Content-Length and not chunked: only the connection's fate is the client's own.
            res.setProtocolVersion(clientVersion);
            raw.forClient(!keepAlive ? HttpHeaderValues.CLOSE
                                     : clientVersion == HttpVersion.HTTP_1_0 ? HttpHeaderValues.KEEP_ALIVE : null);
            return keepAlive;
        }
        final HttpHeaders h = res.headers();
        final boolean chunked = HttpUtil.isTransferEncodingChunked(res);
        HopByHop.strip(h, false);
        res.setProtocolVersion(clientVersion);
        if (!bodyless && !chunked && !h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            // The upstream delimits the body by closing: re-frame it for 1.1 clients, close for 1.0.
            if (clientVersion == HttpVersion.HTTP_1_0) {
                keepAlive = false;
            } else {
                h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        } else if (chunked) {
            if (clientVersion == HttpVersion.HTTP_1_0) {
                // 1.0 clients cannot read chunks: send the body raw and close to end it.
                keepAlive = false;
            } else {
                h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        }
        if (!keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (clientVersion == HttpVersion.HTTP_1_0) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return keepAlive;
    }
}
