package io.shopset.routing.place;

/**
 * Small, fast 64-bit hashing of strings for rendezvous scoring (FNV-1a over UTF-16 chars, then the
 * SplitMix64 finaliser for avalanche). Not cryptographic; stable across JVMs and releases, which
 * placement needs.
 */
public final class Hashing {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hashing() {
    }

    /** The hash of {@code a}, a separator, and {@code b}. */
    public static long hash64(CharSequence a, CharSequence b) {
        long h = FNV_OFFSET;
        h = fnv(h, a, 0, a.length());
        h = (h ^ 0x1f) * FNV_PRIME;
        h = fnv(h, b, 0, b.length());
        return mix(h);
    }

    /**
     * The state after {@code a} and the separator: {@code hash64(prefix(a), b) == hash64(a, b)}, so
     * one string hashed with many others is read once.
     */
    public static long prefix(CharSequence a) {
        return (fnv(FNV_OFFSET, a, 0, a.length()) ^ 0x1f) * FNV_PRIME;
    }

    /** The hash of the string whose {@link #prefix} is {@code prefix}, then {@code b}. */
    public static long hash64(long prefix, CharSequence b) {
        return mix(fnv(prefix, b, 0, b.length()));
    }

    /** The hash of {@code s[start, end)}. */
    public static long hash64(CharSequence s, int start, int end) {
        return mix(fnv(FNV_OFFSET, s, start, end));
    }

    /** SplitMix64's finaliser. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long fnv(long h, CharSequence s, int start, int end) {
        for (int i = start; i < end; i++) {
            final char c = s.charAt(i);
            h = (h ^ (c & 0xff)) * FNV_PRIME;
            h = (h ^ (c >>> 8)) * FNV_PRIME;
        }
        return h;
    }
}
