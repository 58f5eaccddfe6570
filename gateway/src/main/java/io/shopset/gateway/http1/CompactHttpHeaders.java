package io.shopset.gateway.http1;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collections;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map.Entry;
import java.util.NoSuchElementException;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.DefaultHeaders.NameValidator;
import io.netty.handler.codec.DefaultHeaders.ValueValidator;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.netty.util.CharsetUtil;

/**
 * The headers of one HTTP/1.1 message as a flat array of name/value pairs in arrival order, searched
 * linearly with case-insensitive names. A proxied message has a dozen headers or so: a scan of them
 * costs less than hashing, and the whole map is one object and one array (Netty's
 * {@code DefaultHttpHeaders} allocates a bucket array, a sentinel and an entry per header).
 *
 * <p>Names and values are validated on the way in by the validators of a
 * {@link io.netty.handler.codec.http.DefaultHttpHeadersFactory}, so a message is refused for exactly
 * the reasons, and with the messages, Netty's own headers would give. Values are converted as
 * {@code DefaultHttpHeaders} converts them (dates in the HTTP date format, other objects by
 * {@code toString}).
 *
 * <p>{@link #iteratorCharSequence()} hands out one reused entry (a flyweight over the current
 * position): read its key and value before the next call to {@code next()}, as Netty's encoders do.
 * The other iterators and {@link #entries()} give entries of their own.
 *
 * <p>Not thread-safe, like the messages that carry it.
 */
public final class CompactHttpHeaders extends HttpHeaders {

    private static final CharSequence[] NONE = new CharSequence[0];
    private static final int COLON_SP = ':' << 8 | ' ';
    private static final int CRLF = '\r' << 8 | '\n';

    private final NameValidator<CharSequence> nameValidator;
    private final ValueValidator<CharSequence> valueValidator;
    /** name0, value0, name1, value1, … */
    private CharSequence[] pairs;
    private int size;

    /**
     * @param nameValidator  checks each name added (throws {@link IllegalArgumentException})
     * @param valueValidator checks each value added
     * @param expected       headers expected, for the first array (0: allocate on the first add)
     */
    public CompactHttpHeaders(NameValidator<CharSequence> nameValidator, ValueValidator<CharSequence> valueValidator,
                              int expected) {
        this.nameValidator = nameValidator;
        this.valueValidator = valueValidator;
        pairs = expected == 0 ? NONE : new CharSequence[expected * 2];
    }

    // ---- reads ----------------------------------------------------------------------------------

    private int indexOf(CharSequence name, int from) {
        final CharSequence[] p = pairs;
        final int end = size * 2;
        final int length = name.length();
        for (int i = from; i < end; i += 2) {
            // The decoders and the gateway use the same shared name constants: most hits are identical.
            final CharSequence n = p[i];
            if (n == name || n.length() == length && AsciiString.contentEqualsIgnoreCase(n, name)) {
                return i;
            }
        }
        return -1;
    }

    /** The number of {@code name} fields. */
    public int count(CharSequence name) {
        int n = 0;
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 2)) {
            n++;
        }
        return n;
    }

    @Override
    public @Nullable String get(String name) {
        return get((CharSequence) name);
    }

    @Override
    public @Nullable String get(CharSequence name) {
        final int i = indexOf(name, 0);
        return i < 0 ? null : pairs[i + 1].toString();
    }

    @Override
    public String get(CharSequence name, String defaultValue) {
        final String v = get(name);
        return v == null ? defaultValue : v;
    }

    @Override
    public @Nullable Integer getInt(CharSequence name) {
        final String v = get(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public int getInt(CharSequence name, int defaultValue) {
        final Integer v = getInt(name);
        return v == null ? defaultValue : v;
    }

    @Override
    public @Nullable Short getShort(CharSequence name) {
        final String v = get(name);
        if (v == null) {
            return null;
        }
        try {
            return Short.parseShort(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public short getShort(CharSequence name, short defaultValue) {
        final Short v = getShort(name);
        return v == null ? defaultValue : v;
    }

    @Override
    public @Nullable Long getTimeMillis(CharSequence name) {
        final String v = get(name);
        if (v == null) {
            return null;
        }
        final Date d = DateFormatter.parseHttpDate(v);
        return d == null ? null : d.getTime();
    }

    @Override
    public long getTimeMillis(CharSequence name, long defaultValue) {
        final Long v = getTimeMillis(name);
        return v == null ? defaultValue : v;
    }

    @Override
    public List<String> getAll(String name) {
        return getAll((CharSequence) name);
    }

    @Override
    public List<String> getAll(CharSequence name) {
        final int first = indexOf(name, 0);
        if (first < 0) {
            return Collections.emptyList();
        }
        final int second = indexOf(name, first + 2);
        if (second < 0) {
            return Collections.singletonList(pairs[first + 1].toString());
        }
        final List<String> all = new ArrayList<>(4);
        all.add(pairs[first + 1].toString());
        for (int i = second; i >= 0; i = indexOf(name, i + 2)) {
            all.add(pairs[i + 1].toString());
        }
        return all;
    }

    @Override
    public List<Entry<String, String>> entries() {
        if (size == 0) {
            return Collections.emptyList();
        }
        final List<Entry<String, String>> all = new ArrayList<>(size);
        for (int i = 0; i < size * 2; i += 2) {
            all.add(new SimpleImmutableEntry<>(pairs[i].toString(), pairs[i + 1].toString()));
        }
        return all;
    }

    @Override
    public boolean contains(String name) {
        return indexOf(name, 0) >= 0;
    }

    @Override
    public boolean contains(CharSequence name) {
        return indexOf(name, 0) >= 0;
    }

    @Override
    public boolean contains(String name, String value, boolean ignoreCase) {
        return contains((CharSequence) name, value, ignoreCase);
    }

    /** Whether a {@code name} header's whole value equals {@code value}. */
    @Override
    public boolean contains(CharSequence name, CharSequence value, boolean ignoreCase) {
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 2)) {
            if (ignoreCase ? AsciiString.contentEqualsIgnoreCase(pairs[i + 1], value)
                           : AsciiString.contentEquals(pairs[i + 1], value)) {
                return true;
            }
        }
        return false;
    }

    /** Whether one of the comma-separated elements of a {@code name} header equals {@code value}. */
    @Override
    public boolean containsValue(CharSequence name, CharSequence value, boolean ignoreCase) {
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 2)) {
            if (containsElement(pairs[i + 1], value, ignoreCase)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsElement(CharSequence list, CharSequence value, boolean ignoreCase) {
        final int n = list.length();
        int start = 0;
        while (start <= n) {
            int end = start;
            while (end < n && list.charAt(end) != ',') {
                end++;
            }
            int s = start;
            int e = end;
            while (s < e && isOws(list.charAt(s))) {
                s++;
            }
            while (e > s && isOws(list.charAt(e - 1))) {
                e--;
            }
            if (e - s == value.length() && regionMatches(list, s, value, ignoreCase)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean regionMatches(CharSequence list, int from, CharSequence value, boolean ignoreCase) {
        for (int j = 0; j < value.length(); j++) {
            final char a = list.charAt(from + j);
            final char b = value.charAt(j);
            if (a != b && !(ignoreCase && AsciiString.toLowerCase(a) == AsciiString.toLowerCase(b))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Iterator<String> valueStringIterator(CharSequence name) {
        return getAll(name).iterator();
    }

    @Override
    public Iterator<? extends CharSequence> valueCharSequenceIterator(CharSequence name) {
        return getAll(name).iterator();
    }

    @Override
    public Iterator<Entry<String, String>> iterator() {
        return entries().iterator();
    }

    @Override
    public Iterator<Entry<CharSequence, CharSequence>> iteratorCharSequence() {
        return new Cursor();
    }

    /**
     * Writes every field as {@code name: value} and CRLF, in order, with the bytes Netty's HTTP/1.x
     * encoders write for the same fields (an {@link AsciiString}'s bytes copied, any other text one
     * byte per char as US-ASCII encoding does in Netty), without an iterator or an entry.
     */
    private void encodeTo(ByteBuf out) {
        final CharSequence[] p = pairs;
        for (int i = 0, end = size * 2; i < end; i += 2) {
            write(out, p[i]);
            out.writeShort(COLON_SP);
            write(out, p[i + 1]);
            out.writeShort(CRLF);
        }
    }

    /**
     * What both HTTP/1.x encoders do for a message's fields: writes {@code headers} with
     * {@link #encodeTo} and answers {@code true} when they are a compact map; {@code false} (nothing
     * written) for any other map, which the encoder then writes its own way.
     */
    static boolean encodeIfCompact(HttpHeaders headers, ByteBuf out) {
        if (headers instanceof CompactHttpHeaders compact) {
            compact.encodeTo(out);
            return true;
        }
        return false;
    }

    private static void write(ByteBuf out, CharSequence s) {
        if (s instanceof AsciiString a) {
            out.writeBytes(a.array(), a.arrayOffset(), a.length());
        } else {
            out.writeCharSequence(s, CharsetUtil.US_ASCII);
        }
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<String> names() {
        final Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < size * 2; i += 2) {
            if (indexOf(pairs[i], 0) == i) {
                names.add(pairs[i].toString());
            }
        }
        return names;
    }

    // ---- writes ---------------------------------------------------------------------------------

    private CharSequence value(CharSequence name, Object value) {
        final CharSequence v;
        if (value instanceof CharSequence) {
            v = (CharSequence) value;
        } else if (value instanceof Date) {
            v = DateFormatter.format((Date) value);
        } else if (value instanceof Calendar) {
            v = DateFormatter.format(((Calendar) value).getTime());
        } else {
            v = value.toString();
        }
        try {
            valueValidator.validate(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Validation failed for header '" + name + "'", e);
        }
        return v;
    }

    /**
     * Sets {@code name} to {@code value} without running the validators: for fields made only of parts
     * already checked (a constant name; a value read from a validated message, or of safe characters
     * only). Anything else goes through {@link #set(CharSequence, Object)}.
     */
    public CompactHttpHeaders setChecked(CharSequence name, CharSequence value) {
        remove(name);
        append(name, value);
        return this;
    }

    /**
     * Adds a field without running the validators: for a raw parser that has checked the name's and
     * the value's bytes against rules no looser than the validators' ({@link HeadBytes}).
     */
    void addChecked(CharSequence name, CharSequence value) {
        append(name, value);
    }

    private void append(CharSequence name, CharSequence value) {
        final int at = size * 2;
        if (at == pairs.length) {
            pairs = Arrays.copyOf(pairs, Math.max(16, at * 2));
        }
        pairs[at] = name;
        pairs[at + 1] = value;
        size++;
    }

    @Override
    public HttpHeaders add(String name, Object value) {
        return add((CharSequence) name, value);
    }

    @Override
    public HttpHeaders add(CharSequence name, Object value) {
        nameValidator.validateName(name);
        append(name, value(name, value));
        return this;
    }

    @Override
    public HttpHeaders add(String name, Iterable<?> values) {
        return add((CharSequence) name, values);
    }

    @Override
    public HttpHeaders add(CharSequence name, Iterable<?> values) {
        nameValidator.validateName(name);
        for (Object v : values) {
            append(name, value(name, v));
        }
        return this;
    }

    @Override
    public HttpHeaders addInt(CharSequence name, int value) {
        return add(name, Integer.toString(value));
    }

    @Override
    public HttpHeaders addShort(CharSequence name, short value) {
        return add(name, Short.toString(value));
    }

    @Override
    public HttpHeaders set(String name, Object value) {
        return set((CharSequence) name, value);
    }

    @Override
    public HttpHeaders set(CharSequence name, Object value) {
        nameValidator.validateName(name);
        final CharSequence v = value(name, value);
        remove(name);
        append(name, v);
        return this;
    }

    @Override
    public HttpHeaders set(String name, Iterable<?> values) {
        return set((CharSequence) name, values);
    }

    @Override
    public HttpHeaders set(CharSequence name, Iterable<?> values) {
        nameValidator.validateName(name);
        final List<CharSequence> converted = new ArrayList<>();
        for (Object v : values) {
            converted.add(value(name, v));
        }
        remove(name);
        for (CharSequence v : converted) {
            append(name, v);
        }
        return this;
    }

    @Override
    public HttpHeaders setInt(CharSequence name, int value) {
        return set(name, Integer.toString(value));
    }

    @Override
    public HttpHeaders setShort(CharSequence name, short value) {
        return set(name, Short.toString(value));
    }

    @Override
    public HttpHeaders remove(String name) {
        return remove((CharSequence) name);
    }

    @Override
    public HttpHeaders remove(CharSequence name) {
        int first = indexOf(name, 0);
        if (first < 0) {
            return this;
        }
        final CharSequence[] p = pairs;
        final int end = size * 2;
        int out = first;
        for (int i = first; i < end; i += 2) {
            if (!AsciiString.contentEqualsIgnoreCase(p[i], name)) {
                p[out] = p[i];
                p[out + 1] = p[i + 1];
                out += 2;
            }
        }
        Arrays.fill(p, out, end, null);
        size = out / 2;
        return this;
    }

    @Override
    public HttpHeaders clear() {
        Arrays.fill(pairs, 0, size * 2, null);
        size = 0;
        return this;
    }

    @Override
    public HttpHeaders copy() {
        final CompactHttpHeaders c = new CompactHttpHeaders(nameValidator, valueValidator, 0);
        c.pairs = size == 0 ? NONE : Arrays.copyOf(pairs, size * 2);
        c.size = size;
        return c;
    }

    /** The flyweight iterator of {@link #iteratorCharSequence()}: it is its own entry. */
    private final class Cursor implements Iterator<Entry<CharSequence, CharSequence>>, Entry<CharSequence, CharSequence> {

        private int next;
        private int current = -1;

        @Override
        public boolean hasNext() {
            return next < size * 2;
        }

        @Override
        public Entry<CharSequence, CharSequence> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            current = next;
            next += 2;
            return this;
        }

        @Override
        public void remove() {
            if (current < 0) {
                throw new IllegalStateException();
            }
            final int end = size * 2;
            System.arraycopy(pairs, current + 2, pairs, current, end - current - 2);
            pairs[end - 2] = null;
            pairs[end - 1] = null;
            size--;
            next = current;
            current = -1;
        }

        @Override
        public CharSequence getKey() {
            return pairs[current];
        }

        @Override
        public CharSequence getValue() {
            return pairs[current + 1];
        }

        @Override
        public CharSequence setValue(CharSequence value) {
            final CharSequence v = value(pairs[current], value);
            final CharSequence old = pairs[current + 1];
            pairs[current + 1] = v;
            return old;
        }

        @Override
        public String toString() {
            return pairs[current] + ": " + pairs[current + 1];
        }
    }
}
