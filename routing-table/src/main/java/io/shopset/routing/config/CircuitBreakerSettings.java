package io.shopset.routing.config;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

/**
 * The {@code circuitBreaker} section: one breaker per ShopSet (Resilience4j), over a sliding time
 * window of request outcomes.
 *
 * @param failureRateThreshold  percent of failed calls (connect failures, 5xx, timeouts) that opens it (default 50)
 * @param slowCallDuration      a call slower than this counts as slow (default 5s)
 * @param slowCallRateThreshold percent of slow calls that opens it (default 80)
 * @param minimumCalls          calls in the window before rates count (default 20)
 * @param window                the sliding window (default 10s)
 * @param openDuration          how long it stays open before letting probes through (default 10s)
 * @param halfOpenCalls         probes allowed while half-open (default 5)
 */
public record CircuitBreakerSettings(int failureRateThreshold, Duration slowCallDuration, int slowCallRateThreshold,
                                     int minimumCalls, Duration window, Duration openDuration, int halfOpenCalls) {

    public static final CircuitBreakerSettings DEFAULT = new CircuitBreakerSettings(null, null, null, null, null, null, null);

    @JsonCreator
    public CircuitBreakerSettings(@Nullable Integer failureRateThreshold, @Nullable Duration slowCallDuration,
                                  @Nullable Integer slowCallRateThreshold, @Nullable Integer minimumCalls,
                                  @Nullable Duration window, @Nullable Duration openDuration,
                                  @Nullable Integer halfOpenCalls) {
        this(failureRateThreshold == null ? 50 : (int) failureRateThreshold,
             slowCallDuration == null ? Duration.ofSeconds(5) : slowCallDuration,
             slowCallRateThreshold == null ? 80 : (int) slowCallRateThreshold,
             minimumCalls == null ? 20 : (int) minimumCalls,
             window == null ? Duration.ofSeconds(10) : window,
             openDuration == null ? Duration.ofSeconds(10) : openDuration,
             halfOpenCalls == null ? 5 : (int) halfOpenCalls);
    }
}
