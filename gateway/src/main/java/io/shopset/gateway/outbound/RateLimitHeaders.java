package io.shopset.gateway.outbound;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.shopset.gateway.policy.ThrottleResult;

/**
 * The headers of a 429 (CONTRACT.md; the IETF RateLimit header fields draft):
 * {@code Retry-After: 2}, {@code RateLimit-Policy: "client";q=20;w=1}, {@code RateLimit: "client";r=0;t=2}.
 */
public final class RateLimitHeaders {

    public static final AsciiString RATELIMIT_POLICY = AsciiString.cached("ratelimit-policy");
    public static final AsciiString RATELIMIT = AsciiString.cached("ratelimit");

    private RateLimitHeaders() {
    }

    public static void set(HttpHeaders h, ThrottleResult r) {
        final long wait = r.retryAfterSeconds();
        final String name = '"' + r.scope().tag() + '"';
        h.set(HttpHeaderNames.RETRY_AFTER, wait);
        h.set(RATELIMIT_POLICY, name + ";q=" + Math.max(1, Math.round(r.limitPerSecond())) + ";w=1");
        h.set(RATELIMIT, name + ";r=0;t=" + wait);
    }
}
