package io.shopset.routing.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A shop warming a dedicated ShopSet before it is isolated there: until {@code until} the shop stays
 * on its placement while the gateway mirrors a sample of its GET requests to {@code target}; then it
 * is isolated on {@code target}. Stored in the shop's document, so the deadline survives a restart.
 *
 * @param target the dedicated ShopSet the shop will be isolated on
 * @param until  when the warm-up ends, ISO-8601 UTC ({@code 2026-12-03T05:00:00Z})
 */
public record Warmup(String target, String until) {

    public Warmup {
        requireNonNull(target, "target");
        requireNonNull(until, "until");
        try {
            Instant.parse(until);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("until \"" + until + "\" is not an ISO-8601 instant such as " +
                                               "2026-12-03T05:00:00Z");
        }
    }

    public static Warmup of(String target, Instant until) {
        return new Warmup(target, until.toString());
    }

    /** {@link #until()} as an instant. */
    @JsonIgnore
    public Instant deadline() {
        return Instant.parse(until);
    }
}
