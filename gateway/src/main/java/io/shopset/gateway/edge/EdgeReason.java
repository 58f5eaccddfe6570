package io.shopset.gateway.edge;

import org.jspecify.annotations.Nullable;

import io.shopset.gateway.outbound.GatewayError;

/**
 * Why the edge refused a request or dropped a connection: the {@code reason} tag of
 * {@code shopset_edge_rejections_total}. A fixed, small set (never a per-client or per-URL value).
 */
public enum EdgeReason {
    /** Ambiguous or malformed HTTP/1 framing (400), an unsupported transfer coding (501) or HTTP version (505). */
    FRAMING("framing"),
    /** A request line over {@code http.maxRequestLine} (414). */
    URI_TOO_LONG("uri_too_long"),
    /** A header section over {@code http.maxHeaderSize} or {@code http.maxHeaders} fields (431). */
    HEADERS_TOO_LARGE("headers_too_large"),
    /** A body over the shop's {@code maxBodySize} (413, or a cut-off stream). */
    BODY_TOO_LARGE("body_too_large"),
    /** A request head not complete within {@code timeouts.requestHeaders} (408), or a TLS handshake not done by then. */
    HEADER_TIMEOUT("header_timeout"),
    /** No body byte for {@code timeouts.bodyIdle} (408 or a close). */
    BODY_TIMEOUT("body_timeout"),
    /** A slow reader: no response byte taken for {@code timeouts.write} (a close). */
    WRITE_TIMEOUT("write_timeout"),
    /** A connection over {@code listener.maxConnections}, {@code tls.maxConnections} or {@code overload.maxConnections}. */
    CONNECTION_LIMIT("connection_limit"),
    /** A request while heap or direct memory is over its {@code overload} threshold (503). */
    OVERLOAD("overload"),
    /** A PROXY protocol header from an untrusted peer, malformed, or missing in time (a close). */
    PROXY_PROTOCOL("proxy_protocol"),
    /** HTTP/2: too many RST_STREAM frames from the client in the window (rapid reset; GOAWAY). */
    H2_RAPID_RESET("h2_rapid_reset"),
    /** HTTP/2: the client made the gateway reset too many streams in the window (GOAWAY). */
    H2_SERVER_RESETS("h2_server_resets"),
    /** HTTP/2: a flood of CONTINUATION, control or empty DATA frames, or a header block far over the limit (GOAWAY). */
    H2_FLOOD("h2_flood"),
    /** HTTP/2: any other connection error (GOAWAY with an error code). */
    H2_CONNECTION_ERROR("h2_connection_error"),
    /** HTTP/2: a stream refused over {@code tls.http2.maxConcurrentStreams} (RST_STREAM REFUSED_STREAM). */
    H2_REFUSED_STREAM("h2_refused_stream"),
    /**
     * HTTP/2: a malformed stream (RST_STREAM with an error): a connection-specific header, a content-length that the
     * DATA frames do not match, a header list over {@code tls.http2.maxHeaderListSize}, a flow-control violation.
     */
    H2_STREAM_ERROR("h2_stream_error");

    private final String tag;

    EdgeReason(String tag) {
        this.tag = tag;
    }

    /** The tag value. */
    public String tag() {
        return tag;
    }

    /** The reason of a request head refused with {@code error}, or {@code null} when it is no edge refusal (404, 429 …). */
    public static @Nullable EdgeReason ofHead(GatewayError error) {
        return switch (error) {
            case BAD_REQUEST, NOT_IMPLEMENTED, VERSION_NOT_SUPPORTED -> FRAMING;
            case URI_TOO_LONG -> URI_TOO_LONG;
            case HEADERS_TOO_LARGE -> HEADERS_TOO_LARGE;
            case BODY_TOO_LARGE -> BODY_TOO_LARGE;
            case REQUEST_TIMEOUT -> HEADER_TIMEOUT;
            case OVERLOADED -> OVERLOAD;
            default -> null;
        };
    }

    /** The reason of a request body cut off with {@code error}. */
    public static EdgeReason ofBody(GatewayError error) {
        return switch (error) {
            case BODY_TOO_LARGE -> BODY_TOO_LARGE;
            case REQUEST_TIMEOUT -> BODY_TIMEOUT;
            default -> FRAMING;
        };
    }
}
