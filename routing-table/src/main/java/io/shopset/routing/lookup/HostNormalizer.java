package io.shopset.routing.lookup;

import java.util.Locale;

/**
 * Host normalisation as CONTRACT.md defines it: lower-cased, port removed, trailing dot removed.
 *
 * <p>{@link #range(CharSequence)} does it without allocating, as a {@code [start, end)} range of the
 * raw value that lookups then compare case-insensitively; {@link #normalize(String)} is the
 * allocating form for the control path.
 */
public final class HostNormalizer {

    private HostNormalizer() {
    }

    /** {@code host} normalised: {@code "WWW.Alpha.Example.:8080"} becomes {@code "www.alpha.example"}. */
    public static String normalize(String host) {
        final long r = range(host);
        return host.substring(start(r), end(r)).toLowerCase(Locale.ROOT);
    }

    /**
     * The normalised part of {@code host} as a packed range; read it with {@link #start(long)} and
     * {@link #end(long)}. Surrounding spaces, the port and one trailing dot are left out. An IPv6
     * literal keeps its brackets.
     */
    public static long range(CharSequence host) {
        int start = 0;
        int end = host.length();
        while (start < end && isSpace(host.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(host.charAt(end - 1))) {
            end--;
        }
        if (start < end && host.charAt(start) == '[') {
            for (int i = start; i < end; i++) {
                if (host.charAt(i) == ']') {
                    end = i + 1;
                    break;
                }
            }
        } else {
            for (int i = end - 1; i >= start; i--) {
                final char c = host.charAt(i);
                if (c == ':') {
                    end = i;
                    break;
                }
                if (c < '0' || c > '9') {
                    break;
                }
            }
        }
        if (end > start && host.charAt(end - 1) == '.') {
            end--;
        }
        return (long) start << 32 | end;
    }

    public static int start(long range) {
        return (int) (range >>> 32);
    }

    public static int end(long range) {
        return (int) range;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
