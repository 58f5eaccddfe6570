package io.shopset.gateway.http1;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import static io.shopset.gateway.http1.HeadBytes.VALUE;
import static io.shopset.gateway.http1.HeadBytes.equalsLower;
import static io.shopset.gateway.http1.HeadBytes.visible;

import org.jspecify.annotations.Nullable;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Reads the common upstream response head straight from its bytes: a final status (200–599 but
 * 204 and 205), fields with clean names and values on CRLF lines, each spelled as Netty's encoder
 * writes one ({@code name: value}: one SP after the colon, none after the value), one {@code Content-Length}, no
 * {@code Transfer-Encoding}, and {@code Connection} values among {@code close} and
 * {@code keep-alive}. Such a head needs no header map to be forwarded (see {@link RawHttpResponse}).
 *
 * <p>It answers {@code null}, having read nothing, for any head that is not all of that: not complete
 * in the first {@value HeadBytes#WINDOW} bytes, interim or bodiless statuses, obsolete line folding, bare
 * LF line ends, other whitespace around a colon or a value or the status, control characters, chunked or
 * close-delimited framing, repeated lengths, or a {@code Connection} field naming other fields. Netty's
 * decoder then reads that head, so every such case keeps exactly Netty's rules and answers. What it
 * takes, Netty would have taken too and read to the same fields, trimmed values and body length.
 */
final class RawResponseParser {

    private static final int MAX_FIELDS = 64;

    private static final int OTHER = 0;
    private static final int HOP = 1;
    private static final int CONNECTION = 2;
    private static final int CONTENT_LENGTH = 3;
    private static final int REFUSE = 4;

    private RawResponseParser() {
    }

    /**
     * The head at the start of {@code in}, read past (the response holds a reference of it), or {@code null}
     * with {@code in} untouched.
     */
    static @Nullable RawHttpResponse parse(ByteBuf in) {
        final byte[] scratch = HeadBytes.scratch();
        final int end = HeadBytes.copyHead(in, scratch, HeadBytes.WINDOW);
        return end < 0 ? null : read(scratch, end, in);
    }

    /** The head in {@code b[0, end)}, a copy of {@code in}'s next bytes, taken from {@code in} when it is raw. */
    private static @Nullable RawHttpResponse read(byte[] b, int end, ByteBuf in) {
        // Status line: HTTP/1.x SP 3DIGIT SP reason CRLF
        if (end < 17 || b[0] != 'H' || b[1] != 'T' || b[2] != 'T' || b[3] != 'P' || b[4] != '/' || b[5] != '1'
            || b[6] != '.' || (b[7] != '1' && b[7] != '0') || b[8] != ' ' || b[12] != ' ') {
            return null;
        }
        final int d0 = b[9] - '0';
        final int d1 = b[10] - '0';
        final int d2 = b[11] - '0';
        if (d0 < 2 || d0 > 5 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) {
            return null;
        }
        final int code = d0 * 100 + d1 * 10 + d2;
        if (code == 204 || code == 205) {
            return null;
        }
        int p = 13;
        if (!visible(b[p])) {
            return null;
        }
        while (b[p] != '\r') {
            if (!VALUE[b[p] & 0xFF]) {
                return null;
            }
            p++;
        }
        if (b[p + 1] != '\n' || !visible(b[p - 1])) {
            return null;
        }
        final int reasonEnd = p;
        p += 2;

        int count = 0;
        long hop = 0;
        long contentLength = -1;
        boolean close = false;
        boolean keepAlive = false;
        while (b[p] != '\r') {
            final long line = HeadBytes.fieldLine(b, p);
            if (line < 0 || count == MAX_FIELDS) {
                return null;
            }
            final int nameStart = p;
            final int nameEnd = HeadBytes.nameEnd(line);
            final int valueStart = HeadBytes.valueStart(line);
            final int valueEnd = HeadBytes.valueEnd(line);
            p = HeadBytes.next(line);
            // As Netty's encoder writes a field: name, colon, one SP, the value with no whitespace around it.
            if (valueStart != nameEnd + 2 || b[nameEnd + 1] != ' ' || valueEnd != p - 2) {
                return null;
            }
            switch (kind(b, nameStart, nameEnd - nameStart)) {
                case HOP:
                    hop |= 1L << count;
                    break;
                case CONNECTION:
                    hop |= 1L << count;
                    for (int i = valueStart; i <= valueEnd; ) {
                        int j = i;
                        while (j < valueEnd && b[j] != ',') {
                            j++;
                        }
                        int s = i;
                        int e = j;
                        while (s < e && (b[s] == ' ' || b[s] == '\t')) {
                            s++;
                        }
                        while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
                            e--;
                        }
                        if (equalsLower(b, s, e - s, "close")) {
                            close = true;
                        } else if (equalsLower(b, s, e - s, "keep-alive")) {
                            keepAlive = true;
                        } else if (e > s) {
                            return null; // names another field: Netty's path removes it
                        }
                        i = j + 1;
                    }
                    break;
                case CONTENT_LENGTH:
                    if (contentLength >= 0 || valueEnd == valueStart || valueEnd - valueStart > 18) {
                        return null;
                    }
                    long v = 0;
                    for (int i = valueStart; i < valueEnd; i++) {
                        final int d = b[i] - '0';
                        if (d < 0 || d > 9) {
                            return null;
                        }
                        v = v * 10 + d;
                    }
                    contentLength = v;
                    break;
                case REFUSE:
                    return null;
                default:
                    break;
            }
            count++;
        }
        if (p + 2 != end || contentLength < 0) {
            return null;
        }
        final HttpVersion version = b[7] == '1' ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0;
        final String known = KnownTokens.reason(b, 13, reasonEnd - 13);
        final HttpResponseStatus status = HttpResponseStatus.valueOf(
                code, known != null ? known : new String(b, 13, reasonEnd - 13, ISO_8859_1));
        final boolean upstreamKeepAlive = !close && (version == HttpVersion.HTTP_1_1 || keepAlive);
        // The response holds a reference of the buffer rather than a slice of it (one object less per
        // response); the decoder neither moves nor overwrites bytes already read while others hold it.
        final int base = in.readerIndex();
        in.skipBytes(end);
        return new RawHttpResponse(version, status, in.retain(), base, end, reasonEnd, count, hop, contentLength,
                                   upstreamKeepAlive);
    }

    /** What a field name means here, by its lower-case spelling. */
    private static int kind(byte[] b, int s, int length) {
        switch (length) {
            case 2:
                return equalsLower(b, s, length, "te") ? HOP : OTHER;
            case 5:
                // A field named like a Connection option: rare enough to leave to Netty's path.
                return equalsLower(b, s, length, "close") ? REFUSE : OTHER;
            case 7:
                return equalsLower(b, s, length, "trailer") || equalsLower(b, s, length, "upgrade") ? HOP : OTHER;
            case 10:
                return equalsLower(b, s, length, "connection") ? CONNECTION
                        : equalsLower(b, s, length, "keep-alive") ? HOP : OTHER;
            case 14:
                return equalsLower(b, s, length, "content-length") ? CONTENT_LENGTH : OTHER;
            case 16:
                return equalsLower(b, s, length, "proxy-connection") ? HOP : OTHER;
            case 17:
                return equalsLower(b, s, length, "transfer-encoding") ? REFUSE : OTHER;
            case 18:
                return equalsLower(b, s, length, "proxy-authenticate") ? HOP : OTHER;
            default:
                return OTHER;
        }
    }
}
