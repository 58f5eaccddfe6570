package io.shopset.gateway.edge;

import org.jspecify.annotations.Nullable;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import io.shopset.gateway.outbound.GatewayError;

/**
 * Follows the framing of a client's HTTP/1.1 request stream byte by byte, without copying or keeping
 * any of it, to find what the codec accepts silently: obsolete line folding (a header or trailer
 * line starting with SP or HTAB, which Netty joins to the previous value), more header fields
 * than allowed, and a request line that is not exactly {@code method SP target SP HTTP/d.d}. It also knows where each request head starts and ends and whether a body is
 * coming, for the head deadline and the body idle timeout.
 *
 * <p>It only needs the framing the gateway accepts: {@code Content-Length} (one value, digits) or
 * {@code Transfer-Encoding} (chunked, with CRLF line ends). Anything it cannot follow — a malformed
 * or repeated {@code Content-Length}, a malformed or overflowing chunk size, chunk data not followed
 * by CRLF, a bare LF — is refused too (fail closed); Netty refuses all of these as well, so both
 * agree on every request that goes on.
 *
 * <p>Concurrency: one instance per connection, used on its event loop only.
 */
final class RequestFraming {

    enum State {
        /** Between requests: CR, LF, whitespace and control bytes before a request line are skipped (as Netty does). */
        BETWEEN,
        REQUEST_LINE,
        /** At the start of a header line (or of the blank line that ends the head). */
        LINE_START,
        HEADER_NAME,
        HEADER_VALUE,
        /** A CR at a line start: the head ends at the LF. */
        HEAD_END_LF,
        FIXED_BODY,
        CHUNK_SIZE,
        CHUNK_EXTENSION,
        CHUNK_SIZE_LF,
        CHUNK_DATA,
        CHUNK_DATA_CR,
        CHUNK_DATA_LF,
        TRAILER_LINE_START,
        TRAILER_LINE,
        TRAILER_END_LF,
        /** A request was refused: nothing more is followed. */
        REFUSED
    }

    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final long MAX_CHUNK_SIZE = Integer.MAX_VALUE;
    /** The version's shape; {@code 0} stands for any digit. */
    private static final byte[] VERSION = "HTTP/0.0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The most bytes {@link #stepThrough} copies at a time. */
    private static final int BATCH = 1024;
    private static final FastThreadLocal<byte[]> BYTES = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[BATCH];
        }
    };

    private final int maxHeaders;
    private State state = State.BETWEEN;

    // The current request.
    private int spaces;
    private int tokenLength;
    private boolean versionOk;
    private int headers;
    private int nameLength;
    private boolean nameIsContentLength;
    private boolean nameIsTransferEncoding;
    /** The value being read is Content-Length's: 0 no, 1 before digits, 2 in digits, 3 after digits. */
    private int lengthValue;
    private long contentLength = -1;
    private int contentLengths;
    private boolean chunked;
    private long remaining;
    private int sizeDigits;
    private boolean lastWasCr;
    private @Nullable EdgeRefusal refusal;

    RequestFraming(int maxHeaders) {
        this.maxHeaders = maxHeaders;
    }

    State state() {
        return state;
    }

    /** Why the request was refused, once {@link #state()} is {@link State#REFUSED}. */
    @Nullable EdgeRefusal refusal() {
        return refusal;
    }

    /** Whether a request head has started and is not complete. */
    boolean inHead() {
        return switch (state) {
            case REQUEST_LINE, LINE_START, HEADER_NAME, HEADER_VALUE, HEAD_END_LF -> true;
            default -> false;
        };
    }

    /** Whether a request body (chunks and trailers included) is being received. */
    boolean inBody() {
        return switch (state) {
            case FIXED_BODY, CHUNK_SIZE, CHUNK_EXTENSION, CHUNK_SIZE_LF, CHUNK_DATA, CHUNK_DATA_CR, CHUNK_DATA_LF,
                 TRAILER_LINE_START, TRAILER_LINE, TRAILER_END_LF -> true;
            default -> false;
        };
    }

    /** Refuses the current request from outside (a deadline). */
    void refuse(EdgeRefusal why) {
        refusal = why;
        state = State.REFUSED;
    }

    /**
     * Follows {@code buf}'s readable bytes from {@code from} up to {@code to} (exclusive), or until a
     * state change the caller must see: a request starting (the first byte after {@link State#BETWEEN})
     * or a refusal.
     *
     * @return the index of the first byte not followed yet
     */
    int scan(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to) {
            switch (state) {
                case FIXED_BODY -> {
                    final int n = (int) Math.min(remaining, to - i);
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.BETWEEN;
                    }
                }
                case CHUNK_DATA -> {
                    final int n = (int) Math.min(remaining, to - i);
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.CHUNK_DATA_CR;
                    }
                }
                case REFUSED -> {
                    return i;
                }
                case BETWEEN -> {
                    final int c = buf.getByte(i) & 0xff;
                    if (c <= 0x20 || (c >= 0x7f && c <= 0x9f)) {
                        i++;
                    } else {
                        startRequest();
                        return i;
                    }
                }
                default -> i += stepThrough(buf, i, to);
            }
        }
        return i;
    }

    /**
     * Steps through the bytes from {@code from} (a head, a chunk size line or a trailer) until one leaves
     * those states, from a copy of at most {@value #BATCH} of them; answers how many it took. Bytes of a
     * field value other than Content-Length's matter only for where they end, so it skips to the LF.
     */
    private int stepThrough(ByteBuf buf, int from, int to) {
        final byte[] b = BYTES.get();
        final int n = Math.min(to - from, BATCH);
        buf.getBytes(from, b, 0, n);
        int k = 0;
        while (k < n) {
            if (state == State.HEADER_VALUE && lengthValue == 0) {
                while (k < n && b[k] != '\n') {
                    k++;
                }
                if (k == n) {
                    break;
                }
            }
            step(b[k++] & 0xff);
            if (state == State.FIXED_BODY || state == State.CHUNK_DATA || state == State.BETWEEN
                || state == State.REFUSED) {
                break;
            }
        }
        return k;
    }

    private void startRequest() {
        state = State.REQUEST_LINE;
        lastWasCr = false;
        spaces = 0;
        tokenLength = 0;
        versionOk = false;
        headers = 0;
        contentLength = -1;
        contentLengths = 0;
        chunked = false;
    }

    private void step(int c) {
        switch (state) {
            case REQUEST_LINE -> requestLine(c);
            case LINE_START -> lineStart(c, false);
            case HEADER_NAME -> headerName(c);
            case HEADER_VALUE -> headerValue(c);
            case HEAD_END_LF -> {
                if (c != '\n') {
                    refuse(GatewayError.BAD_REQUEST, "a CR not followed by LF ends the header section");
                    return;
                }
                endHead();
            }
            case CHUNK_SIZE -> chunkSize(c);
            case CHUNK_EXTENSION -> {
                if (c == '\n') {
                    if (!lastWasCr) {
                        refuse(GatewayError.BAD_REQUEST, "a chunk size line ends with a bare LF");
                        return;
                    }
                    endChunkSize();
                }
                lastWasCr = c == '\r';
            }
            case CHUNK_SIZE_LF -> {
                if (c != '\n') {
                    refuse(GatewayError.BAD_REQUEST, "a CR not followed by LF in a chunk size line");
                    return;
                }
                endChunkSize();
            }
            case CHUNK_DATA_CR -> {
                if (c != '\r') {
                    refuse(GatewayError.BAD_REQUEST, "chunk data not followed by CRLF");
                    return;
                }
                state = State.CHUNK_DATA_LF;
            }
            case CHUNK_DATA_LF -> {
                if (c != '\n') {
                    refuse(GatewayError.BAD_REQUEST, "chunk data not followed by CRLF");
                    return;
                }
                state = State.CHUNK_SIZE;
                sizeDigits = 0;
                remaining = 0;
            }
            case TRAILER_LINE_START -> lineStart(c, true);
            case TRAILER_LINE -> {
                if (c == '\n') {
                    state = State.TRAILER_LINE_START;
                }
            }
            case TRAILER_END_LF -> {
                if (c != '\n') {
                    refuse(GatewayError.BAD_REQUEST, "a CR not followed by LF ends the trailer section");
                    return;
                }
                state = State.BETWEEN;
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /**
     * The request line must be {@code method SP target SP HTTP/d.d}: one SP between the parts (the
     * codec would take any run of whitespace), no control characters, CR only before the final LF,
     * and the protocol name in capitals (the codec takes {@code http/1.1}).
     */
    private void requestLine(int c) {
        if (lastWasCr && c != '\n') {
            refuse(GatewayError.BAD_REQUEST, "a CR not followed by LF in the request line");
            return;
        }
        if (c == '\n') {
            if (spaces != 2 || !versionOk || tokenLength != VERSION.length) {
                refuse(GatewayError.BAD_REQUEST, "a malformed request line (expected: method SP target SP HTTP/1.1)");
                return;
            }
            state = State.LINE_START;
            return;
        }
        if (c == '\r') {
            lastWasCr = true;
            return;
        }
        if (c < 0x20 || c == 0x7f) {
            refuse(GatewayError.BAD_REQUEST, "a control character in the request line");
            return;
        }
        if (c == ' ') {
            spaces++;
            versionOk = tokenLength > 0;
            tokenLength = 0;
            return;
        }
        if (spaces == 2) {
            final int expected = tokenLength < VERSION.length ? VERSION[tokenLength] : -1;
            versionOk &= expected == '0' ? c >= '0' && c <= '9' : c == expected;
        }
        tokenLength++;
    }

    private void lineStart(int c, boolean trailers) {
        if (c == '\r') {
            state = trailers ? State.TRAILER_END_LF : State.HEAD_END_LF;
            return;
        }
        if (c == '\n') {
            refuse(GatewayError.BAD_REQUEST, "a line of the " + section(trailers) + " ends with a bare LF");
            return;
        }
        if (c == ' ' || c == '\t') {
            refuse(GatewayError.BAD_REQUEST, "obsolete line folding in the " + section(trailers));
            return;
        }
        if (++headers > maxHeaders) {
            refuse(GatewayError.HEADERS_TOO_LARGE, "more than " + maxHeaders + " fields in the " + section(trailers));
            return;
        }
        if (trailers) {
            state = State.TRAILER_LINE;
            return;
        }
        state = State.HEADER_NAME;
        nameLength = 0;
        nameIsContentLength = true;
        nameIsTransferEncoding = true;
        headerName(c);
    }

    private void headerName(int c) {
        if (c == ':') {
            lengthValue = 0;
            if (nameIsContentLength && nameLength == CONTENT_LENGTH.length) {
                lengthValue = 1;
                if (++contentLengths > 1) {
                    refuse(GatewayError.BAD_REQUEST, "more than one Content-Length header");
                    return;
                }
            } else if (nameIsTransferEncoding && nameLength == TRANSFER_ENCODING.length) {
                chunked = true;
            }
            state = State.HEADER_VALUE;
            return;
        }
        if (c == '\n') {
            // No colon: the codec refuses the line; nothing to follow in it.
            state = State.LINE_START;
            return;
        }
        final int lower = c >= 'A' && c <= 'Z' ? c + 32 : c;
        nameIsContentLength &= nameLength < CONTENT_LENGTH.length && CONTENT_LENGTH[nameLength] == lower;
        nameIsTransferEncoding &= nameLength < TRANSFER_ENCODING.length && TRANSFER_ENCODING[nameLength] == lower;
        nameLength++;
    }

    private void headerValue(int c) {
        if (c == '\n') {
            if (lengthValue == 1) {
                refuse(GatewayError.BAD_REQUEST, "an empty Content-Length");
                return;
            }
            state = State.LINE_START;
            return;
        }
        if (lengthValue == 0 || c == '\r') {
            return;
        }
        if (c == ' ' || c == '\t') {
            if (lengthValue == 2) {
                lengthValue = 3;
            }
            return;
        }
        if (c >= '0' && c <= '9' && lengthValue != 3) {
            final long v = (lengthValue == 1 ? 0 : contentLength) * 10 + (c - '0');
            if (v > Long.MAX_VALUE / 16) {
                refuse(GatewayError.BAD_REQUEST, "Content-Length is too large");
                return;
            }
            contentLength = v;
            lengthValue = 2;
            return;
        }
        refuse(GatewayError.BAD_REQUEST, "a malformed Content-Length");
    }

    private void endHead() {
        if (chunked) {
            state = State.CHUNK_SIZE;
            sizeDigits = 0;
            remaining = 0;
            headers = 0;
        } else if (contentLength > 0) {
            state = State.FIXED_BODY;
            remaining = contentLength;
        } else {
            state = State.BETWEEN;
        }
    }

    private void chunkSize(int c) {
        final int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (digit >= 0) {
            remaining = remaining * 16 + digit;
            sizeDigits++;
            if (remaining > MAX_CHUNK_SIZE) {
                refuse(GatewayError.BAD_REQUEST, "a chunk size over " + MAX_CHUNK_SIZE + " bytes");
            }
            return;
        }
        if (sizeDigits == 0) {
            refuse(GatewayError.BAD_REQUEST, "a malformed chunk size");
            return;
        }
        if (c == '\r') {
            state = State.CHUNK_SIZE_LF;
        } else if (c == '\n') {
            refuse(GatewayError.BAD_REQUEST, "a chunk size line ends with a bare LF");
        } else {
            state = State.CHUNK_EXTENSION;
            lastWasCr = false;
        }
    }

    private void endChunkSize() {
        state = remaining == 0 ? State.TRAILER_LINE_START : State.CHUNK_DATA;
    }

    private void refuse(GatewayError error, String detail) {
        refuse(new EdgeRefusal(error, detail));
    }

    private static String section(boolean trailers) {
        return trailers ? "trailer section" : "header section";
    }
}
