package io.shopset.gateway.inbound;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.jspecify.annotations.Nullable;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.shopset.gateway.http1.CompactHttpHeaders;

/**
 * Rewrites a client's request head for the upstream (CONTRACT.md "Upstream headers added").
 *
 * <ul>
 *   <li>hop-by-hop headers and those named in {@code Connection} are removed; an upgrade request
 *       keeps {@code Upgrade} and says {@code Connection: upgrade};</li>
 *   <li>{@code X-Forwarded-For}: appended to when the peer is a trusted proxy, replaced otherwise;
 *       {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} likewise trusted only from proxies;</li>
 *   <li>{@code X-Request-Id} kept when present and sane, generated otherwise;</li>
 *   <li>{@code X-Shop-Id} is the resolved shop, whatever the client sent;</li>
 *   <li>the request goes upstream as HTTP/1.1 keep-alive, framed as it came (Content-Length or chunked).</li>
 * </ul>
 */
public final class ForwardedHeaders {

    public static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    public static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    public static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    public static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    public static final AsciiString X_SHOP_ID = AsciiString.cached("x-shop-id");
    private static final AsciiString HTTP = AsciiString.cached("http");
    private static final AsciiString HTTPS = AsciiString.cached("https");

    private ForwardedHeaders() {
    }

    /**
     * Rewrites {@code req} in place.
     *
     * @param peerAddress the socket peer's address text
     * @param trusted     whether the peer is a trusted proxy
     * @param upgrade     whether it is a protocol upgrade request to tunnel
     * @return the request id sent upstream
     */
    public static CharSequence rewrite(HttpRequest req, String shopId, String peerAddress, boolean trusted, boolean upgrade) {
        return rewrite(req, shopId, peerAddress, trusted, upgrade, false);
    }

    /**
     * As {@link #rewrite(HttpRequest, String, String, boolean, boolean)}, for a request that came
     * over TLS when {@code secure} ({@code X-Forwarded-Proto: https}).
     */
    public static CharSequence rewrite(HttpRequest req, String shopId, String peerAddress, boolean trusted, boolean upgrade,
                                       boolean secure) {
        final HttpHeaders h = req.headers();
        final boolean chunked = HttpUtil.isTransferEncodingChunked(req);
        HopByHop.strip(h, upgrade);
        if (chunked) {
            h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (upgrade) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        }
        req.setProtocolVersion(HttpVersion.HTTP_1_1);

        // The fields below are made of checked parts only: constant names; the client's own validated
        // values; an IP address; a request id that is hex or passed saneRequestId; a validated shop id.
        final String xff = h.get(X_FORWARDED_FOR);
        if (trusted && xff != null && !xff.isBlank()) {
            put(h, X_FORWARDED_FOR, xff + ", " + peerAddress);
        } else {
            put(h, X_FORWARDED_FOR, peerAddress);
        }
        if (!trusted || !h.contains(X_FORWARDED_PROTO)) {
            put(h, X_FORWARDED_PROTO, secure ? HTTPS : HTTP);
        }
        if (!trusted || !h.contains(X_FORWARDED_HOST)) {
            final String host = h.get(HttpHeaderNames.HOST);
            if (host != null) {
                put(h, X_FORWARDED_HOST, host);
            }
        }
        CharSequence requestId = sentRequestId(h);
        if (requestId == null) {
            requestId = RequestId.random();
            put(h, X_REQUEST_ID, requestId);
        }
        put(h, X_SHOP_ID, shopId);
        return requestId;
    }

    /** Sets a field made of checked parts (see {@link CompactHttpHeaders#setChecked}). */
    private static void put(HttpHeaders h, CharSequence name, CharSequence value) {
        if (h instanceof CompactHttpHeaders c) {
            c.setChecked(name, value);
        } else {
            h.set(name, value);
        }
    }

    /** The textual address of {@code peer} (no port). */
    public static String address(SocketAddress peer) {
        if (peer instanceof InetSocketAddress isa) {
            final InetAddress a = isa.getAddress();
            return a != null ? a.getHostAddress() : isa.getHostString();
        }
        return String.valueOf(peer);
    }

    /** The {@code X-Request-Id} the client sent, when it sent a sane one; else {@code null}. */
    public static @Nullable String sentRequestId(HttpHeaders h) {
        final String sent = h.get(X_REQUEST_ID);
        return sent != null && saneRequestId(sent) ? sent : null;
    }

    static boolean saneRequestId(CharSequence id) {
        if (id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            final char c = id.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == ',' || c == '"') {
                return false;
            }
        }
        return true;
    }
}
