package io.shopset.gateway.http1;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * What the raw head parsers ({@link RawRequestParser}, {@link RawResponseParser}) share: the byte
 * classes of RFC 9110's field syntax, finding a head's end, and a per-thread copy of a head's bytes.
 */
final class HeadBytes {

    /** The most bytes a raw head may take; longer heads go to Netty's decoders. */
    static final int WINDOW = 8192;
    /** What is copied first: nearly every head ends within it. */
    private static final int FIRST_LOOK = 1024;

    /** tchar (RFC 9110 §5.6.2): the bytes of a field name or method. */
    static final boolean[] TCHAR = new boolean[256];
    /** Bytes a field value or reason phrase may hold: HTAB, SP, visible ASCII, obs-text. */
    static final boolean[] VALUE = new boolean[256];

    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[WINDOW];
        }
    };

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        VALUE['\t'] = true;
        for (int c = 0x20; c < 0x7F; c++) {
            VALUE[c] = true;
        }
        for (int c = 0x80; c < 0x100; c++) {
            VALUE[c] = true;
        }
    }

    private HeadBytes() {
    }

    /** This thread's work array of {@link #WINDOW} bytes. */
    static byte[] scratch() {
        return SCRATCH.get();
    }

    /**
     * Copies the head at the start of {@code in} (status or request line to blank line) into
     * {@code scratch} without reading it from {@code in}, and answers its length, or -1 when no blank
     * line ends it within {@code limit} bytes (at most {@link #WINDOW}).
     */
    static int copyHead(ByteBuf in, byte[] scratch, int limit) {
        final int readable = Math.min(in.readableBytes(), limit);
        int n = Math.min(readable, FIRST_LOOK);
        in.getBytes(in.readerIndex(), scratch, 0, n);
        int end = headEnd(scratch, 0, n);
        if (end < 0 && readable > n) {
            in.getBytes(in.readerIndex() + n, scratch, n, readable - n);
            end = headEnd(scratch, n - 3, readable);
        }
        return end;
    }

    /** The index just past the first CRLF CRLF in {@code b[from, to)}, or -1. */
    private static int headEnd(byte[] b, int from, int to) {
        for (int i = Math.max(from, 0) + 3; i < to; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * Reads the field line at {@code b[p]}: a name of tchar, a colon, optional whitespace, a value of
     * {@link #VALUE} bytes and CRLF. Answers where its parts are, packed as {@code nameEnd},
     * {@code valueStart}, {@code valueEnd} (before any trailing whitespace) and the next line's start
     * in four 16-bit fields from the lowest up (read them with {@link #nameEnd} and the others), or -1
     * for any other line. Indices are below {@link #WINDOW}, so each fits.
     */
    static long fieldLine(byte[] b, int p) {
        final int nameStart = p;
        while (TCHAR[b[p] & 0xFF]) {
            p++;
        }
        if (p == nameStart || b[p] != ':') {
            return -1;
        }
        final int nameEnd = p++;
        while (b[p] == ' ' || b[p] == '\t') {
            p++;
        }
        final int valueStart = p;
        while (b[p] != '\r') {
            if (!VALUE[b[p] & 0xFF]) {
                return -1;
            }
            p++;
        }
        if (b[p + 1] != '\n') {
            return -1;
        }
        int valueEnd = p;
        while (valueEnd > valueStart && (b[valueEnd - 1] == ' ' || b[valueEnd - 1] == '\t')) {
            valueEnd--;
        }
        return nameEnd | (long) valueStart << 16 | (long) valueEnd << 32 | (long) (p + 2) << 48;
    }

    static int nameEnd(long line) {
        return (int) line & 0xFFFF;
    }

    static int valueStart(long line) {
        return (int) (line >>> 16) & 0xFFFF;
    }

    static int valueEnd(long line) {
        return (int) (line >>> 32) & 0xFFFF;
    }

    /** Where the line after it starts (past its CRLF). */
    static int next(long line) {
        return (int) (line >>> 48);
    }

    /** A byte a value may start or end with (not SP or HTAB). */
    static boolean visible(byte c) {
        return c != ' ' && c != '\t' && VALUE[c & 0xFF];
    }

    /** Whether {@code b[s, s + length)} spells {@code lower} in any case. */
    static boolean equalsLower(byte[] b, int s, int length, String lower) {
        if (length != lower.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            final char c = lower.charAt(i);
            final int x = b[s + i];
            if (c >= 'a' && c <= 'z' ? (x | 0x20) != c : x != c) {
                return false;
            }
        }
        return true;
    }
}
