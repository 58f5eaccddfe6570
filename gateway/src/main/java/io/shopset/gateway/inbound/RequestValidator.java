package io.shopset.gateway.inbound;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.shopset.gateway.edge.EdgeRefusal;
import io.shopset.gateway.http1.HeaderCount;
import io.shopset.gateway.outbound.GatewayError;

/**
 * Refuses requests whose framing is ambiguous or malformed, before any byte goes upstream
 * (CONTRACT.md "Strict framing"): a failed decode, Content-Length together with Transfer-Encoding,
 * a Transfer-Encoding other than exactly {@code chunked}, a missing or repeated Host, and an
 * absolute-form target whose authority differs from Host; an HTTP version other than 1.x (505).
 * A head an edge handler refused ({@link EdgeRefusal}: obsolete line folding, too many headers, a
 * head deadline, a body over the shop's limit, overload) gets that refusal's status.
 */
public final class RequestValidator {

    /** A refusal: the error to answer and the sentence naming the problem. */
    public record Rejection(GatewayError error, String detail) {
    }

    private RequestValidator() {
    }

    /** Why {@code req} must be refused, or {@code null} when it may go on. */
    public static @Nullable Rejection check(HttpRequest req) {
        final DecoderResult result = req.decoderResult();
        if (result.isFailure()) {
            final Throwable cause = result.cause();
            if (cause instanceof EdgeRefusal refusal) {
                return new Rejection(refusal.error(), refusal.getMessage());
            }
            if (cause instanceof TooLongHttpLineException) {
                return new Rejection(GatewayError.URI_TOO_LONG, "the request line is too long");
            }
            if (cause instanceof TooLongHttpHeaderException) {
                return new Rejection(GatewayError.HEADERS_TOO_LARGE, "the request header section is too large");
            }
            if (cause instanceof TooLongFrameException) {
                return new Rejection(GatewayError.HEADERS_TOO_LARGE, "the request head is too large");
            }
            return new Rejection(GatewayError.BAD_REQUEST, "malformed request: " + describe(cause));
        }
        if (req.protocolVersion().majorVersion() != 1) {
            return new Rejection(GatewayError.VERSION_NOT_SUPPORTED,
                                 "HTTP version " + req.protocolVersion().text() + " (only HTTP/1.x is spoken here)");
        }
        final HttpHeaders h = req.headers();
        if (h.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            final List<String> te = h.getAll(HttpHeaderNames.TRANSFER_ENCODING);
            if (h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                return new Rejection(GatewayError.BAD_REQUEST, "Content-Length together with Transfer-Encoding");
            }
            if (te.size() != 1 || !te.get(0).equalsIgnoreCase("chunked")) {
                return new Rejection(GatewayError.NOT_IMPLEMENTED,
                                     "Transfer-Encoding \"" + String.join(", ", te) + "\" (only chunked is accepted)");
            }
        }
        final int hosts = HeaderCount.of(h, HttpHeaderNames.HOST);
        if (hosts == 0) {
            return new Rejection(GatewayError.BAD_REQUEST, "missing Host header");
        }
        if (hosts > 1) {
            return new Rejection(GatewayError.BAD_REQUEST, "more than one Host header");
        }
        final String host = h.get(HttpHeaderNames.HOST);
        if (host.isEmpty() || host.indexOf(',') >= 0 || host.indexOf(' ') >= 0) {
            return new Rejection(GatewayError.BAD_REQUEST, "invalid Host header");
        }
        final String uri = req.uri();
        if (!uri.startsWith("/")) {
            if (uri.equals("*") && req.method().name().equals("OPTIONS")) {
                return null;
            }
            final String authority = authority(uri);
            if (authority == null) {
                return new Rejection(GatewayError.BAD_REQUEST, "invalid request target");
            }
            if (!authority.equalsIgnoreCase(host)) {
                return new Rejection(GatewayError.BAD_REQUEST, "the request target's authority differs from Host");
            }
        }
        return null;
    }

    /** The authority of an absolute-form target ({@code http://host:port/path}), or {@code null}. */
    static @Nullable String authority(String uri) {
        final int scheme = uri.indexOf("://");
        if (scheme <= 0) {
            return null;
        }
        final String s = uri.substring(0, scheme);
        if (!s.equalsIgnoreCase("http") && !s.equalsIgnoreCase("https")) {
            return null;
        }
        final int start = scheme + 3;
        int end = start;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        final String authority = uri.substring(start, end);
        return authority.isEmpty() || authority.indexOf('@') >= 0 ? null : authority;
    }

    private static String describe(@Nullable Throwable cause) {
        if (cause == null) {
            return "unknown error";
        }
        final String m = cause.getMessage();
        return m == null ? cause.getClass().getSimpleName() : m.length() > 120 ? m.substring(0, 120) : m;
    }
}
