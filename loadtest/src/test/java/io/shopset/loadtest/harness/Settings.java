package io.shopset.loadtest.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The knobs of a run, read from system properties ({@code mvn ... -Dloadtest.rate=500}); the Gatling
 * Maven plugin passes {@code -D} options on to the simulation's JVM. Durations are a whole number
 * followed by {@code ms}, {@code s} or {@code m} ({@code 500ms}, {@code 45s}, {@code 2m}).
 */
public final class Settings {

    /** An existing gateway to load instead of the in-process one, e.g. {@code http://10.0.0.5:8080}. */
    public static final String GATEWAY_URL = "gateway.url";

    private Settings() {
    }

    public static @Nullable String gatewayUrl() {
        final String url = System.getProperty(GATEWAY_URL, System.getProperty("target", "")).trim();
        return url.isEmpty() ? null : url;
    }

    public static String string(String name, String fallback) {
        final String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    public static int integer(String name, int fallback) {
        final String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": \"" + v + "\" (expected: a whole number)", e);
        }
    }

    public static double decimal(String name, double fallback) {
        final String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": \"" + v + "\" (expected: a number)", e);
        }
    }

    public static Duration duration(String name, Duration fallback) {
        final String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : parseDuration(name, v.trim());
    }

    /** Where runs write their summaries: {@code loadtest.outputDir}, else {@code target/loadtest}. */
    public static Path outputDir() {
        return Path.of(string("loadtest.outputDir", "target/loadtest"));
    }

    static Duration parseDuration(String name, String text) {
        final String t = text.toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(name + ": \"" + text + "\" (expected: e.g. 500ms, 45s or 2m)");
    }
}
