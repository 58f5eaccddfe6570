package io.shopset.routing.config;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The {@code shutdown} section.
 *
 * @param drainTimeout how long in-flight requests may take to finish after SIGTERM (default 20s)
 * @param preStopDelay how long to keep serving, not ready, before it stops accepting (default 0s;
 *                     set it to about the time load balancers take to notice readiness, e.g. 5s)
 */
public record ShutdownSettings(Duration drainTimeout, Duration preStopDelay) {

    public static final ShutdownSettings DEFAULT = new ShutdownSettings(null, null);

    @com.fasterxml.jackson.annotation.JsonCreator
    public ShutdownSettings(@Nullable Duration drainTimeout, @Nullable Duration preStopDelay) {
        this.drainTimeout = drainTimeout != null ? drainTimeout : Duration.ofSeconds(20);
        this.preStopDelay = preStopDelay != null ? preStopDelay : Duration.ZERO;
    }
}
