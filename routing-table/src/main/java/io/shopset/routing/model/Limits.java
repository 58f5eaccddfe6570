package io.shopset.routing.model;

import org.jspecify.annotations.Nullable;

/**
 * A rate limit ({@code requestsPerSecond} with a {@code burst}) and, for shops, a concurrency limit.
 * A {@code null} field means "not set here": the default from {@code limits.shop} applies.
 */
public record Limits(@Nullable Double requestsPerSecond, @Nullable Integer burst, @Nullable Integer maxConcurrent) {

    /** This limit with every unset field taken from {@code defaults}. */
    public Limits withDefaults(@Nullable Limits defaults) {
        if (defaults == null) {
            return this;
        }
        return new Limits(requestsPerSecond != null ? requestsPerSecond : defaults.requestsPerSecond,
                          burst != null ? burst : defaults.burst,
                          maxConcurrent != null ? maxConcurrent : defaults.maxConcurrent);
    }
}
