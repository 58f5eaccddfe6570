package io.shopset.gateway.outbound;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Builds every response the gateway answers itself: one status per {@link GatewayError}, a short
 * body naming the reason (JSON, or a small HTML page for browsers on 429/503), {@code Retry-After}
 * on 503, and {@code Connection: close} when the connection will close.
 */
public final class ErrorResponses {

    /** Seconds a client should wait before retrying a 503. */
    public static final int RETRY_AFTER_SECONDS = 1;

    private ErrorResponses() {
    }

    /**
     * The response for {@code error}.
     *
     * @param detail  one sentence naming the problem, e.g. {@code no shop is served at "x.example"}
     * @param close   whether the connection closes after it
     * @param html    whether the client asked for HTML ({@code Accept: text/html})
     * @param version the client's HTTP version
     */
    public static FullHttpResponse of(ByteBufAllocator alloc, GatewayError error, String detail, boolean close,
                                      boolean html, HttpVersion version) {
        final HttpResponseStatus status = error.status();
        final boolean page = html && (status.code() == 429 || status.code() == 503);
        final String body = page ? html(status, detail) : json(status, error.reason(), detail);
        final ByteBuf content = alloc.buffer(body.length() + 16);
        content.writeCharSequence(body, StandardCharsets.UTF_8);
        final FullHttpResponse res = new DefaultFullHttpResponse(version, status, content);
        final HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, page ? "text/html; charset=utf-8" : "application/json");
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        h.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (status.code() == 503) {
            h.setInt(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        if (close) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (version == HttpVersion.HTTP_1_0) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return res;
    }

    private static String json(HttpResponseStatus status, String reason, String detail) {
        return "{\"status\":" + status.code() + ",\"reason\":\"" + reason + "\",\"error\":\"" + escapeJson(detail) + "\"}\n";
    }

    private static String html(HttpResponseStatus status, String detail) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + status.code() + ' ' +
               status.reasonPhrase() + "</title></head><body><h1>" + status.reasonPhrase() +
               "</h1><p>" + escapeHtml(detail) + "</p><p>Please try again in a moment.</p></body></html>\n";
    }

    static String escapeJson(String s) {
        final StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
