package io.shopset.gateway.http1;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import org.jspecify.annotations.Nullable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCounted;

/**
 * An upstream response head kept as the bytes it arrived in ({@link RawResponseParser} read and
 * checked them): framed by one {@code Content-Length}, no {@code Transfer-Encoding}, and a
 * {@code Connection} field that names no other field. It is forwarded to an HTTP/1.x client without
 * ever becoming a header map: {@link #forClient} records what the client's head changes (its
 * version, the hop-by-hop fields left out, the {@code Connection} field added), and
 * {@link #writeTo} writes it.
 *
 * <p>Anything that reads {@link #headers()} gets an ordinary header map, made on first use, that
 * shows the head as it stands: the upstream's fields before {@link #forClient}, the client's after.
 * From then on the map is the head, as in any other response.
 *
 * <p>The bytes stay in the buffer they were read into, of which the response holds a reference, so
 * it is reference-counted like a body part: whoever drops it instead of writing it releases it.
 * Netty's encoders release it when they have written it, as they release any message.
 */
public final class RawHttpResponse extends DefaultHttpResponse implements ReferenceCounted {

    private static final byte[] HTTP_1_1 = "HTTP/1.1".getBytes(ISO_8859_1);
    private static final byte[] HTTP_1_0 = "HTTP/1.0".getBytes(ISO_8859_1);
    private static final byte[] COLON_SP = {':', ' '};
    /** Where "code SP reason" starts in the head: after "HTTP/1.x SP". */
    private static final int STATUS_START = 9;

    /**
     * The buffer the head was read from, one reference of it held: the head is its bytes
     * {@code [base, base + length)}, status line to blank line. Each field is one line spelled
     * {@code name: value}, as an encoder writes it, so a run of fields is forwarded by copying its lines.
     */
    private final ByteBuf bytes;
    private final int base;
    private final int length;
    private final int fieldCount;
    /** Bit i set: field i is hop-by-hop (never forwarded). */
    private final long hopByHop;
    private final HttpResponseStatus parsedStatus;
    /** Where "code SP reason" ends in the head: the status line's CR. */
    private final int statusEnd;
    private final long contentLength;
    private final boolean upstreamKeepAlive;

    private boolean clientView;
    private @Nullable AsciiString connection;
    private @Nullable HttpHeaders headers;

    /**
     * @param bytes the buffer read from, of which this takes over one reference: the head is its bytes
     *              {@code [base, base + length)}, which nothing writes over while the reference is held
     */
    RawHttpResponse(HttpVersion version, HttpResponseStatus status, ByteBuf bytes, int base, int length, int statusEnd,
                    int fieldCount, long hopByHop, long contentLength, boolean upstreamKeepAlive) {
        super(version, status, EmptyHttpHeaders.INSTANCE);
        this.bytes = bytes;
        this.base = base;
        this.length = length;
        this.parsedStatus = status;
        this.statusEnd = statusEnd;
        this.fieldCount = fieldCount;
        this.hopByHop = hopByHop;
        this.contentLength = contentLength;
        this.upstreamKeepAlive = upstreamKeepAlive;
    }

    /** Whether {@code res}'s sender keeps the connection open after it, as {@link HttpUtil#isKeepAlive} answers. */
    public static boolean isKeepAlive(HttpResponse res) {
        return res instanceof RawHttpResponse raw && raw.headers == null ? raw.upstreamKeepAlive : HttpUtil.isKeepAlive(res);
    }

    /** Whether the head is still only bytes (no header map has been made). */
    public boolean isRaw() {
        return headers == null;
    }

    /** The body length its {@code Content-Length} field states. */
    public long contentLength() {
        return contentLength;
    }

    /**
     * Makes this the head sent to the client: hop-by-hop fields left out and, when
     * {@code connection} is not {@code null}, a {@code Connection} field with that value added last.
     * The caller sets the client's version.
     */
    public void forClient(@Nullable AsciiString connection) {
        if (headers != null) {
            throw new IllegalStateException("the head has a header map already");
        }
        clientView = true;
        this.connection = connection;
    }

    @Override
    public HttpHeaders headers() {
        HttpHeaders h = headers;
        if (h == null) {
            final byte[] head = ByteBufUtil.getBytes(bytes, base, length);
            h = CompactHeadersFactory.HEADERS.newHeaders();
            // The parser checked every line, so each reads again as a field.
            for (int i = 0, p = statusEnd + 2; i < fieldCount; i++) {
                final long line = HeadBytes.fieldLine(head, p);
                if (!clientView || (hopByHop & (1L << i)) == 0) {
                    final int valueStart = HeadBytes.valueStart(line);
                    h.add(name(head, p, HeadBytes.nameEnd(line)),
                          new String(head, valueStart, HeadBytes.valueEnd(line) - valueStart, ISO_8859_1));
                }
                p = HeadBytes.next(line);
            }
            if (clientView && connection != null) {
                h.add(HttpHeaderNames.CONNECTION, connection);
            }
            headers = h;
        }
        return h;
    }

    private static AsciiString name(byte[] head, int start, int end) {
        final AsciiString known = KnownTokens.name(head, start, end - start);
        return known != null ? known : new AsciiString(head, start, end - start, true);
    }

    /** The bytes the client's head takes, at most. */
    int encodedLength() {
        return length + 32;
    }

    /**
     * Writes the client's head (status line, fields, blank line); only while {@link #isRaw()}. The
     * fields are copied as they came, in runs between the hop-by-hop ones left out.
     */
    void writeTo(ByteBuf out) {
        final ByteBuf head = bytes;
        final int base = this.base;
        out.writeBytes(protocolVersion() == HttpVersion.HTTP_1_0 ? HTTP_1_0 : HTTP_1_1).writeByte(' ');
        final HttpResponseStatus status = status();
        if (status == parsedStatus) {
            out.writeBytes(head, base + STATUS_START, statusEnd - STATUS_START);
        } else {
            ByteBufUtil.writeAscii(out, status.codeAsText());
            out.writeByte(' ');
            ByteBufUtil.writeAscii(out, status.reasonPhrase());
        }
        out.writeShort(0x0D0A);
        // The field lines run from after the status line's CRLF to the blank line.
        final int fieldsEnd = base + length - 2;
        int run = base + statusEnd + 2;
        long skip = clientView ? hopByHop : 0;
        int line = run;
        for (; skip != 0; skip >>>= 1) {
            final int next = head.indexOf(line, fieldsEnd, (byte) '\n') + 1;
            if ((skip & 1) != 0) {
                out.writeBytes(head, run, line - run);
                run = next;
            }
            line = next;
        }
        out.writeBytes(head, run, fieldsEnd - run);
        final AsciiString c = clientView ? connection : null;
        if (c != null) {
            ByteBufUtil.copy(HttpHeaderNames.CONNECTION, out);
            out.writeBytes(COLON_SP);
            ByteBufUtil.copy(c, out);
            out.writeShort(0x0D0A);
        }
        out.writeShort(0x0D0A);
    }

    @Override
    public int refCnt() {
        return bytes.refCnt();
    }

    @Override
    public RawHttpResponse retain() {
        bytes.retain();
        return this;
    }

    @Override
    public RawHttpResponse retain(int increment) {
        bytes.retain(increment);
        return this;
    }

    @Override
    public RawHttpResponse touch() {
        bytes.touch();
        return this;
    }

    @Override
    public RawHttpResponse touch(Object hint) {
        bytes.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return bytes.release();
    }

    @Override
    public boolean release(int decrement) {
        return bytes.release(decrement);
    }
}
