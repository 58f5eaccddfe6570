package io.shopset.routing.model;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

/**
 * A rate limit ({@code requestsPerSecond} with a {@code burst}) and, for shops, a concurrency limit
 * and a shadow mode. A {@code null} field means "not set here": the default from {@code limits.shop}
 * applies.
 *
 * @param shadow      count what would be throttled, enforce nothing (for rolling out new limits)
 * @param maxBodySize shops only: bytes of a request body before 413; unset: {@code http.maxBodySize}
 */
public record Limits(@Nullable Double requestsPerSecond, @Nullable Integer burst, @Nullable Integer maxConcurrent,
                     @Nullable Boolean shadow, @Nullable Long maxBodySize) {

    @JsonCreator
    public Limits {
    }

    public Limits(@Nullable Double requestsPerSecond, @Nullable Integer burst, @Nullable Integer maxConcurrent,
                  @Nullable Boolean shadow) {
        this(requestsPerSecond, burst, maxConcurrent, shadow, null);
    }

    public Limits(@Nullable Double requestsPerSecond, @Nullable Integer burst, @Nullable Integer maxConcurrent) {
        this(requestsPerSecond, burst, maxConcurrent, null, null);
    }

    /** This limit with every unset field taken from {@code defaults}. */
    public Limits withDefaults(@Nullable Limits defaults) {
        if (defaults == null) {
            return this;
        }
        return new Limits(requestsPerSecond != null ? requestsPerSecond : defaults.requestsPerSecond,
                          burst != null ? burst : defaults.burst,
                          maxConcurrent != null ? maxConcurrent : defaults.maxConcurrent,
                          shadow != null ? shadow : defaults.shadow,
                          maxBodySize != null ? maxBodySize : defaults.maxBodySize);
    }

    /** Whether shadow mode is on. */
    public boolean shadowEnabled() {
        return shadow != null && shadow;
    }
}
