package io.shopset.controller.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The release's second gate: while a lower tier bakes a release, its share of 5xx answers, as the
 * gateways count them ({@code shopset_requests_total{tier,code_class}}), stays at most
 * {@code maxRatio}; otherwise the next tier is held.
 *
 * @param enabled  whether the gate applies (on by default)
 * @param maxRatio the highest 5xx share (0…1) that lets a release through, e.g. {@code 0.01}
 * @param recheck  how soon to look again while the gate holds a release (the scrape interval)
 * @param ratios   the gateways' counts over time
 */
public record ErrorGate(boolean enabled, double maxRatio, Duration recheck, ErrorRatios ratios) {

    public ErrorGate {
        if (!(maxRatio >= 0 && maxRatio <= 1)) {
            throw new IllegalArgumentException("maxRatio: " + maxRatio + " (expected: 0 to 1)");
        }
    }

    /** A gate that never holds (turned off). */
    public static ErrorGate off() {
        return new ErrorGate(false, 0, Duration.ofMinutes(1), (tier, from, to) -> null);
    }

    /** The gateways' request counts over time, by tier. */
    @FunctionalInterface
    public interface ErrorRatios {
        /**
         * The 5xx share of {@code tier}'s requests between {@code from} and {@code to}, from counter
         * increases; {@code null} when no gateway was scraped twice in that window.
         */
        @Nullable ErrorRatio ratio(String tier, Instant from, Instant to);
    }

    /**
     * What the gateways counted for one tier in a window.
     *
     * @param errors   5xx answers
     * @param requests all answers
     * @param gateways how many gateways' counts went into it
     * @param from     the start of the window the counts cover (the first scrape used)
     * @param to       its end (the last scrape used)
     */
    public record ErrorRatio(long errors, long requests, int gateways, Instant from, Instant to) {

        /** errors / requests; 0 without requests. */
        public double value() {
            return requests == 0 ? 0 : (double) errors / requests;
        }

        /** {@code 4.76% (50 of 1050 requests from 2 gateways)}. */
        public String describe() {
            return percent(value()) + " (" + errors + " of " + requests + " requests from " + gateways + " gateway" +
                   (gateways == 1 ? "" : "s") + ')';
        }
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.2f%%", ratio * 100);
    }
}
