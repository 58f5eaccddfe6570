package io.shopset.routing.config;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

/**
 * The {@code retries} section: the retry budget for idempotent requests retried after reaching an
 * upstream (502/503, a reset before the response head). Retries of requests that never reached an
 * upstream (connect refused) are not budgeted: they add no load to any upstream.
 *
 * @param budgetPercent  retries in flight at most this percent of requests in flight (default 20)
 * @param minConcurrent  retries in flight always allowed, whatever the percent gives (default 3)
 */
public record RetrySettings(int budgetPercent, int minConcurrent) {

    public static final RetrySettings DEFAULT = new RetrySettings(null, null);

    @JsonCreator
    public RetrySettings(@Nullable Integer budgetPercent, @Nullable Integer minConcurrent) {
        this(budgetPercent == null ? 20 : (int) budgetPercent, minConcurrent == null ? 3 : (int) minConcurrent);
    }
}
