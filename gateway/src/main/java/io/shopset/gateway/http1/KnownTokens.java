package io.shopset.gateway.http1;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.netty.util.AsciiString;

/**
 * Shared instances of the header names requests and responses usually carry, and of the versions,
 * status codes and reason phrases of a response's status line, found by their exact bytes, so
 * decoding a common message allocates no string for them. A byte sequence is matched exactly (case included): the message forwarded keeps the bytes
 * the backend sent.
 */
final class KnownTokens {

    /** Header names in the spellings backends send: capitalised (nginx, Netty) and lower case (HTTP/2 era). */
    private static final String[] NAMES = {
            "Server", "Date", "Content-Type", "Content-Length", "Connection", "Keep-Alive", "Last-Modified",
            "ETag", "Accept-Ranges", "Cache-Control", "Expires", "Vary", "Content-Encoding", "Transfer-Encoding",
            "Location", "Set-Cookie", "Age", "Pragma", "Content-Language", "X-Content-Type-Options",
            "X-Frame-Options", "Strict-Transport-Security", "Content-Security-Policy", "Referrer-Policy",
            "X-Request-Id", "Access-Control-Allow-Origin", "Link", "Retry-After", "Via", "Upgrade",
            "Trailer", "Content-Disposition", "Content-Range", "WWW-Authenticate", "X-Powered-By",
            // requests (browsers, curl, load balancers in front of the gateway)
            "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Cookie", "Referer", "Origin",
            "Upgrade-Insecure-Requests", "If-None-Match", "If-Modified-Since", "Range", "Authorization", "DNT",
            "Priority", "Sec-Fetch-Site", "Sec-Fetch-Mode", "Sec-Fetch-Dest", "Sec-Fetch-User", "Sec-Ch-Ua",
            "Sec-Ch-Ua-Mobile", "Sec-Ch-Ua-Platform", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
            "Forwarded", "X-Requested-With", "Expect", "TE",
    };
    private static final String[] REASONS = {
            "OK", "Created", "Accepted", "No Content", "Partial Content", "Moved Permanently", "Found", "See Other",
            "Not Modified", "Temporary Redirect", "Permanent Redirect", "Bad Request", "Unauthorized", "Forbidden",
            "Not Found", "Method Not Allowed", "Conflict", "Gone", "Too Many Requests", "Internal Server Error",
            "Bad Gateway", "Service Unavailable", "Gateway Timeout", "Continue", "Switching Protocols",
    };

    private static final Table<AsciiString> NAME_TABLE;
    private static final Table<String> REASON_TABLE;
    private static final String HTTP_1_1 = "HTTP/1.1";
    private static final String HTTP_1_0 = "HTTP/1.0";
    private static final String[] CODES = new String[600];

    static {
        final AsciiString[] names = new AsciiString[NAMES.length * 2];
        for (int i = 0; i < NAMES.length; i++) {
            names[2 * i] = AsciiString.cached(NAMES[i]);
            names[2 * i + 1] = AsciiString.cached(NAMES[i].toLowerCase(Locale.ROOT));
        }
        NAME_TABLE = new Table<>(names);
        REASON_TABLE = new Table<>(REASONS);
        for (int code = 100; code < CODES.length; code++) {
            CODES[code] = Integer.toString(code);
        }
    }

    private KnownTokens() {
    }

    /** A shared header name with exactly these bytes, or {@code null}. */
    static @Nullable AsciiString name(byte[] b, int start, int length) {
        return NAME_TABLE.find(b, start, length);
    }

    /** A shared reason phrase with exactly these bytes, or {@code null}. */
    static @Nullable String reason(byte[] b, int start, int length) {
        return REASON_TABLE.find(b, start, length);
    }

    /** {@code "HTTP/1.1"} or {@code "HTTP/1.0"} when the bytes are exactly one of them, else {@code null}. */
    static @Nullable String version(byte[] b, int start, int length) {
        if (length != 8 || b[start] != 'H' || b[start + 1] != 'T' || b[start + 2] != 'T' || b[start + 3] != 'P'
            || b[start + 4] != '/' || b[start + 5] != '1' || b[start + 6] != '.') {
            return null;
        }
        return b[start + 7] == '1' ? HTTP_1_1 : b[start + 7] == '0' ? HTTP_1_0 : null;
    }

    /** The shared string of a three-digit status code from 100 to 599, else {@code null}. */
    static @Nullable String code(byte[] b, int start, int length) {
        if (length != 3) {
            return null;
        }
        final int d0 = b[start] - '0';
        final int d1 = b[start + 1] - '0';
        final int d2 = b[start + 2] - '0';
        if (d0 < 1 || d0 > 5 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) {
            return null;
        }
        return CODES[d0 * 100 + d1 * 10 + d2];
    }

    /** An open-addressed table of tokens keyed by length and first and last byte, compared byte by byte. */
    private static final class Table<T extends CharSequence> {

        private final Object[] slots;
        private final byte[][] bytes;
        private final int mask;

        Table(T[] tokens) {
            int n = 64;
            while (n < tokens.length * 4) {
                n <<= 1;
            }
            slots = new Object[n];
            bytes = new byte[n][];
            mask = n - 1;
            for (T t : tokens) {
                final byte[] tb = t.toString().getBytes(StandardCharsets.US_ASCII);
                int i = hash(tb, 0, tb.length) & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = t;
                bytes[i] = tb;
            }
        }

        private static int hash(byte[] b, int start, int length) {
            return length == 0 ? 0 : (length * 31 + b[start]) * 31 + b[start + length - 1] + b[start + length / 2] * 7;
        }

        @SuppressWarnings("unchecked")
        @Nullable T find(byte[] b, int start, int length) {
            for (int i = hash(b, start, length) & mask; slots[i] != null; i = (i + 1) & mask) {
                final byte[] tb = bytes[i];
                if (tb.length == length && equal(tb, b, start)) {
                    return (T) slots[i];
                }
            }
            return null;
        }

        private static boolean equal(byte[] token, byte[] b, int start) {
            for (int j = 0; j < token.length; j++) {
                if (token[j] != b[start + j]) {
                    return false;
                }
            }
            return true;
        }
    }
}
