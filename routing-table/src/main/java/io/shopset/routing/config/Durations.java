package io.shopset.routing.config;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Durations as the contract writes them: a whole number followed by {@code ms}, {@code s}, {@code m}
 * or {@code h} ({@code 250ms}, {@code 2s}, {@code 1m}).
 */
public final class Durations {

    private Durations() {
    }

    /** The duration {@code text} denotes, or {@code null} if it is not one. */
    public static @Nullable Duration parse(String text) {
        final String t = text.trim();
        int digits = 0;
        while (digits < t.length() && Character.isDigit(t.charAt(digits))) {
            digits++;
        }
        if (digits == 0 || digits > 12) {
            return null;
        }
        final long n = Long.parseLong(t.substring(0, digits));
        return switch (t.substring(digits)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> null;
        };
    }

    /** {@code d} written back in the contract's form, e.g. {@code 1500ms}, {@code 2s}, {@code 1m}. */
    public static String format(Duration d) {
        final long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms != 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms != 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
