package io.shopset.routing.lookup;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.place.Hashing;

/**
 * An immutable open-addressing hash table from lower-case host names to values, looked up by a
 * range of any {@link CharSequence}, case-insensitively for ASCII, without allocating.
 *
 * <p>Linear probing over a power-of-two table at most half full; keys and values in two parallel
 * arrays, so an entry costs two references plus the key itself.
 */
public final class HostTable<V> {

    private final String[] keys;
    private final Object[] values;
    private final int mask;
    private final int size;

    /** A table of {@code entries}, whose keys must already be lower-case. */
    public HostTable(Map<String, V> entries) {
        int capacity = 16;
        while (capacity < entries.size() * 2) {
            capacity <<= 1;
        }
        keys = new String[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
        size = entries.size();
        for (Map.Entry<String, V> e : entries.entrySet()) {
            final String k = e.getKey();
            int i = (int) hash(k, 0, k.length()) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = k;
            values[i] = e.getValue();
        }
    }

    public int size() {
        return size;
    }

    /** The value for {@code s[start, end)}, compared case-insensitively, or {@code null}. */
    @SuppressWarnings("unchecked")
    public @Nullable V get(CharSequence s, int start, int end) {
        int i = (int) hash(s, start, end) & mask;
        final int len = end - start;
        for (String k; (k = keys[i]) != null; i = (i + 1) & mask) {
            if (k.length() == len && equalsIgnoreAsciiCase(k, s, start)) {
                return (V) values[i];
            }
        }
        return null;
    }

    /** The value for the whole of {@code s}, or {@code null}. */
    public @Nullable V get(CharSequence s) {
        return get(s, 0, s.length());
    }

    private static boolean equalsIgnoreAsciiCase(String key, CharSequence s, int start) {
        for (int j = 0, n = key.length(); j < n; j++) {
            if (key.charAt(j) != lower(s.charAt(start + j))) {
                return false;
            }
        }
        return true;
    }

    private static long hash(CharSequence s, int start, int end) {
        long h = 0xcbf29ce484222325L;
        for (int i = start; i < end; i++) {
            h = (h ^ lower(s.charAt(i))) * 0x100000001b3L;
        }
        return Hashing.mix(h);
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
