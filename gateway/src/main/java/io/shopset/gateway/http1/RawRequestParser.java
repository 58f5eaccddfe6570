package io.shopset.gateway.http1;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import static io.shopset.gateway.http1.HeadBytes.equalsLower;

import org.jspecify.annotations.Nullable;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/**
 * Reads the common client request head straight from its bytes: {@code GET} or {@code HEAD}, a
 * target of visible ASCII, {@code HTTP/1.1} or {@code HTTP/1.0}, fields with clean names and values on
 * CRLF lines, and no body (neither {@code Content-Length} nor {@code Transfer-Encoding}). The request
 * it makes is what Netty's decoder makes of the same bytes: the same method, target and version, and
 * the same fields in the same order with the same trimmed values, in a {@link CompactHttpHeaders}.
 * What it saves is Netty's line-by-line reading: its copies, its splitting and its checks of each
 * field again when the map takes it.
 *
 * <p>It answers {@code null}, having read nothing, for any head that is not all of that: not complete
 * within {@code limit} bytes, other methods, anything before the method, bare LF line ends, obsolete
 * line folding, whitespace before a colon, control characters, a body's framing fields, or an
 * {@code Upgrade}. Netty's decoder then reads that head, so every such case keeps exactly Netty's rules
 * and answers (and the edge's {@code FramingGuard} has seen the bytes before either).
 */
final class RawRequestParser {

    private static final String EMPTY = "";

    private RawRequestParser() {
    }

    /**
     * The request whose head is at the start of {@code in}, read past, or {@code null} with {@code in}
     * untouched.
     *
     * @param limit the most bytes the head may take: at most {@link HeadBytes#WINDOW}, and no more than
     *              either of Netty's limits (request line, header fields), so that Netty would take it too
     */
    static @Nullable HttpRequest parse(ByteBuf in, int limit) {
        final byte[] b = HeadBytes.scratch();
        final int end = HeadBytes.copyHead(in, b, limit);
        if (end < 0) {
            return null;
        }
        final HttpRequest request = read(b, end);
        if (request != null) {
            in.skipBytes(end);
        }
        return request;
    }

    /** The request whose head is {@code b[0, end)}, which ends with CRLF CRLF. */
    private static @Nullable HttpRequest read(byte[] b, int end) {
        // Request line: method SP request-target SP HTTP/1.x CRLF; the shortest is "GET / HTTP/1.1" CRLF CRLF.
        if (end < 18) {
            return null;
        }
        final HttpMethod method;
        int p;
        if (b[0] == 'G' && b[1] == 'E' && b[2] == 'T' && b[3] == ' ') {
            method = HttpMethod.GET;
            p = 4;
        } else if (b[0] == 'H' && b[1] == 'E' && b[2] == 'A' && b[3] == 'D' && b[4] == ' ') {
            method = HttpMethod.HEAD;
            p = 5;
        } else {
            return null;
        }
        final int targetStart = p;
        while (b[p] > ' ' && b[p] < 0x7F) {
            p++;
        }
        if (p == targetStart || b[p] != ' ' || p + 11 > end) {
            return null;
        }
        final int targetEnd = p++;
        if (b[p] != 'H' || b[p + 1] != 'T' || b[p + 2] != 'T' || b[p + 3] != 'P' || b[p + 4] != '/'
            || b[p + 5] != '1' || b[p + 6] != '.' || (b[p + 7] != '1' && b[p + 7] != '0')
            || b[p + 8] != '\r' || b[p + 9] != '\n') {
            return null;
        }
        final HttpVersion version = b[p + 7] == '1' ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0;
        p += 10;

        final CompactHttpHeaders headers = (CompactHttpHeaders) CompactHeadersFactory.HEADERS.newHeaders();
        while (b[p] != '\r') {
            final long line = HeadBytes.fieldLine(b, p);
            if (line < 0) {
                return null;
            }
            final int nameStart = p;
            final int nameEnd = HeadBytes.nameEnd(line);
            final int valueStart = HeadBytes.valueStart(line);
            final int valueEnd = HeadBytes.valueEnd(line);
            p = HeadBytes.next(line);
            final int nameLength = nameEnd - nameStart;
            if (leftToNetty(b, nameStart, nameLength)) {
                return null;
            }
            final AsciiString known = KnownTokens.name(b, nameStart, nameLength);
            headers.addChecked(known != null ? known : new AsciiString(b, nameStart, nameLength, true),
                               valueEnd == valueStart ? EMPTY : new String(b, valueStart, valueEnd - valueStart, ISO_8859_1));
        }
        if (p + 2 != end) {
            return null;
        }
        return new DefaultHttpRequest(version, method, new String(b, targetStart, targetEnd - targetStart, ISO_8859_1),
                                      headers);
    }

    /**
     * Whether a field with this name makes Netty's decoder do more than store it: a body's framing
     * ({@code Content-Length}, {@code Transfer-Encoding}), a WebSocket draft's fixed body
     * ({@code Sec-WebSocket-Key1}/{@code 2}); and {@code Upgrade}, kept on the path the protocol
     * switches were written against.
     */
    private static boolean leftToNetty(byte[] b, int s, int length) {
        switch (length) {
            case 7:
                return equalsLower(b, s, length, "upgrade");
            case 14:
                return equalsLower(b, s, length, "content-length");
            case 17:
                return equalsLower(b, s, length, "transfer-encoding");
            case 18:
                return equalsLower(b, s, length, "sec-websocket-key1") || equalsLower(b, s, length, "sec-websocket-key2");
            default:
                return false;
        }
    }
}
