package io.shopset.routing.lookup;

import java.util.Arrays;
import java.util.Map;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.place.Hashing;

/**
 * An immutable open-addressing hash table from lower-case host names to values, looked up by a
 * range of any {@link CharSequence}, case-insensitively for ASCII, without allocating.
 *
 * <p>Linear probing over a power-of-two table at most half full. Each slot has a 32-bit
 * fingerprint of its key's hash (never 0; 0 marks an empty slot) in one {@code int[]}, and its key
 * and value side by side in one {@code Object[]}. A lookup reads the fingerprints first and
 * touches a key only when its fingerprint matches: in a table of a million hosts, where nearly
 * every access misses the CPU caches, an unknown host costs one line of fingerprints instead of a
 * key per occupied slot probed, and a hit skips the keys of the slots probed before its own and
 * finds its value in its key's line (docs/performance.md). A slot costs 12 bytes, and at least
 * half the slots are empty; the keys are the caller's strings.
 */
public final class HostTable<V> {

    /** A builder for a table of about {@code expected} entries (it grows past that). */
    public static <V> Builder<V> builder(int expected) {
        return new Builder<>(expected);
    }

    private static final long SEED = 0xcbf29ce484222325L;
    private static final long K = 0x9e3779b97f4a7c15L;
    private static final long LANE_HIGH = 0x8000_8000_8000_8000L;

    private final int[] fingerprints;
    /** Key of slot i at 2i, its value at 2i + 1. */
    private final Object[] slots;
    private final int mask;
    /** Set while the table is being made (constructors, withAll, merged); never changed once it is returned. */
    private int size;

    /** A table of {@code entries}, whose keys must already be lower-case. */
    public HostTable(Map<String, V> entries) {
        this(collect(entries));
    }

    private HostTable(Builder<V> b) {
        this(b.keys, b.values, b.count);
    }

    private HostTable(String[] keys, Object[] values, int count) {
        int capacity = 16;
        while (capacity < count * 2) {
            capacity <<= 1;
        }
        fingerprints = new int[capacity];
        slots = new Object[capacity * 2];
        mask = capacity - 1;
        int n = 0;
        for (int i = 0; i < count; i++) {
            n += insert(keys[i], values[i]);
        }
        size = n;
    }

    /**
     * This table's entries and {@code keys[i] -> values[i]} for {@code i < count} (a key already
     * there gets the new value): a copy of this table's arrays with the keys inserted, so its cost
     * is a copy of the arrays, not a rehash of every key, unless the table must grow.
     */
    HostTable<V> withAll(String[] keys, Object[] values, int count) {
        final HostTable<V> t = new HostTable<>(this, count);
        for (int i = 0; i < count; i++) {
            t.size += t.insert(keys[i], values[i]);
        }
        return t;
    }

    /**
     * This table with {@code changes} applied: each of its keys set to its value, or removed where
     * its value is {@code removed}. A copy of this table's arrays with the changed keys inserted or
     * deleted (backward-shift deletion keeps every probe sequence intact), so a million-key table
     * takes in a few thousand changes at the cost of copying its arrays, not of rehashing every key.
     */
    HostTable<V> merged(HostTable<?> changes, Object removed) {
        final HostTable<V> t = new HostTable<>(this, changes.size);
        for (int i = 0; i < changes.fingerprints.length; i++) {
            if (changes.fingerprints[i] != 0) {
                final String key = (String) changes.slots[2 * i];
                final Object value = changes.slots[2 * i + 1];
                t.size += value == removed ? -t.delete(key) : t.insert(key, value);
            }
        }
        return t;
    }

    /**
     * A copy of {@code from} with room for {@code extra} more keys: its arrays cloned when they are
     * large enough, else its entries rehashed into larger ones.
     */
    private HostTable(HostTable<V> from, int extra) {
        int capacity = from.fingerprints.length;
        while (capacity < (from.size + extra) * 2) {
            capacity <<= 1;
        }
        mask = capacity - 1;
        if (capacity == from.fingerprints.length) {
            fingerprints = from.fingerprints.clone();
            slots = from.slots.clone();
            size = from.size;
        } else {
            fingerprints = new int[capacity];
            slots = new Object[capacity * 2];
            for (int i = 0; i < from.fingerprints.length; i++) {
                if (from.fingerprints[i] != 0) {
                    size += insert((String) from.slots[2 * i], from.slots[2 * i + 1]);
                }
            }
        }
    }

    public int size() {
        return size;
    }

    /** The value for {@code s[start, end)}, compared case-insensitively, or {@code null}. */
    public @Nullable V get(CharSequence s, int start, int end) {
        return get(s, start, end, hash(s, start, end));
    }

    /** As {@link #get(CharSequence, int, int)}, with the range's {@link #hash} already computed. */
    @SuppressWarnings("unchecked")
    @Nullable V get(CharSequence s, int start, int end, long h) {
        final int fp = fingerprint(h);
        final int len = end - start;
        for (int i = (int) h & mask, f; (f = fingerprints[i]) != 0; i = (i + 1) & mask) {
            if (f == fp) {
                final String k = (String) slots[2 * i];
                if (k.length() == len && equalsIgnoreAsciiCase(k, s, start)) {
                    return (V) slots[2 * i + 1];
                }
            }
        }
        return null;
    }

    /** The value for the whole of {@code s}, or {@code null}. */
    public @Nullable V get(CharSequence s) {
        return get(s, 0, s.length());
    }

    /** Calls {@code action} with every key and value, in no particular order. */
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<String, V> action) {
        for (int i = 0; i < fingerprints.length; i++) {
            if (fingerprints[i] != 0) {
                action.accept((String) slots[2 * i], (V) slots[2 * i + 1]);
            }
        }
    }

    /** Puts {@code key}; an equal key already there gets the new value. Returns 1 if the key was new. */
    private int insert(String key, @Nullable Object value) {
        final long h = hash(key, 0, key.length());
        final int fp = fingerprint(h);
        int i = (int) h & mask;
        for (int f; (f = fingerprints[i]) != 0; i = (i + 1) & mask) {
            if (f == fp && key.equals(slots[2 * i])) {
                slots[2 * i + 1] = value;
                return 0;
            }
        }
        fingerprints[i] = fp;
        slots[2 * i] = key;
        slots[2 * i + 1] = value;
        return 1;
    }

    /**
     * Removes {@code key}, moving later entries of its probe run back so that none is left behind a
     * gap. Returns 1 if the key was there. Only while this table is being made.
     */
    private int delete(String key) {
        final long h = hash(key, 0, key.length());
        final int fp = fingerprint(h);
        for (int i = (int) h & mask, f; (f = fingerprints[i]) != 0; i = (i + 1) & mask) {
            if (f == fp && key.equals(slots[2 * i])) {
                int hole = i;
                for (int j = (i + 1) & mask; fingerprints[j] != 0; j = (j + 1) & mask) {
                    final String k = (String) slots[2 * j];
                    final int home = (int) hash(k, 0, k.length()) & mask;
                    // The entry at j may fill the hole unless its home lies after the hole (cyclically).
                    if (((j - home) & mask) >= ((j - hole) & mask)) {
                        fingerprints[hole] = fingerprints[j];
                        slots[2 * hole] = slots[2 * j];
                        slots[2 * hole + 1] = slots[2 * j + 1];
                        hole = j;
                    }
                }
                fingerprints[hole] = 0;
                slots[2 * hole] = null;
                slots[2 * hole + 1] = null;
                return 1;
            }
        }
        return 0;
    }

    private static <V> Builder<V> collect(Map<String, V> entries) {
        final Builder<V> b = new Builder<>(entries.size());
        entries.forEach(b::put);
        return b;
    }

    private static int fingerprint(long hash) {
        return (int) (hash >>> 32) | 1;
    }

    /**
     * Whether {@code s[start, start + key.length())} equals the lower-case {@code key}, ignoring ASCII
     * case. A whole {@code String} in lower case, as browsers send hosts, is compared with
     * {@link String#equals} (an intrinsic that compares many bytes at a time); anything else char by char.
     */
    private static boolean equalsIgnoreAsciiCase(String key, CharSequence s, int start) {
        if (start == 0 && s instanceof String str && str.length() == key.length() && key.equals(str)) {
            return true;
        }
        for (int j = 0, n = key.length(); j < n; j++) {
            if (key.charAt(j) != lower(s.charAt(start + j))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The hash lookups use for {@code s[start, end)}, the same for any ASCII case: four chars per
     * step, packed into one {@code long} (16 bits each) and lower-cased together ({@link #lower4}),
     * then {@code h = (h ^ word) * K}; the range's length seeds it and the SplitMix64 finaliser
     * ({@link Hashing#mix}) spreads it. Only the multiply waits for the step before: a quarter of
     * the dependent multiplies of a char-at-a-time FNV-1a (docs/performance.md). Each step is a
     * bijection of {@code h}, so two ranges of one length that differ in one group of four chars
     * never collide.
     */
    static long hash(CharSequence s, int start, int end) {
        long h = SEED ^ (end - start);
        int i = start;
        for (final int last = end - 4; i <= last; i += 4) {
            final long w = s.charAt(i) | (long) s.charAt(i + 1) << 16 | (long) s.charAt(i + 2) << 32
                           | (long) s.charAt(i + 3) << 48;
            h = (h ^ lower4(w)) * K;
        }
        if (i < end) {
            long w = 0;
            for (int shift = 0; i < end; i++, shift += 16) {
                w |= (long) s.charAt(i) << shift;
            }
            h = (h ^ lower4(w)) * K;
        }
        return Hashing.mix(h);
    }

    /**
     * Four chars (16-bit lanes) with {@code 'A'..'Z'} lower-cased, without a branch: in each lane,
     * its low 15 bits plus {@code 0x8000 - 'A'} carry into bit 15 when the char is at least
     * {@code 'A'}, plus {@code 0x8000 - 'Z' - 1} when it is past {@code 'Z'}; a lane whose own bit 15
     * is clear, at least 'A' and not past 'Z' gets {@code 0x20}. No lane carries into the next.
     */
    static long lower4(long w) {
        final long low = w & ~LANE_HIGH;
        final long atLeastA = low + 0x7fbf_7fbf_7fbf_7fbfL;
        final long pastZ = low + 0x7fa5_7fa5_7fa5_7fa5L;
        final long upper = atLeastA & ~pastZ & ~w & LANE_HIGH;
        return w | upper >>> 10;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /**
     * Collects entries in two arrays, then builds the table: no intermediate map, which for a
     * million hosts saves a million map nodes and a second hashing pass. A key put twice keeps its
     * last value, as a map would.
     */
    public static final class Builder<V> {

        private String[] keys;
        private Object[] values;
        private int count;

        private Builder(int expected) {
            keys = new String[Math.max(16, expected)];
            values = new Object[keys.length];
        }

        /** Adds {@code lowerCaseKey}, which must already be lower-case. */
        public Builder<V> put(String lowerCaseKey, V value) {
            if (count == keys.length) {
                keys = Arrays.copyOf(keys, count * 2);
                values = Arrays.copyOf(values, count * 2);
            }
            keys[count] = lowerCaseKey;
            values[count++] = value;
            return this;
        }

        public HostTable<V> build() {
            return new HostTable<>(keys, values, count);
        }
    }
}
