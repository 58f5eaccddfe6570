package io.shopset.routing.config;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The {@code shutdown} section.
 *
 * @param drainTimeout how long in-flight requests may take to finish after SIGTERM (default 20s)
 */
public record ShutdownSettings(Duration drainTimeout) {

    public static final ShutdownSettings DEFAULT = new ShutdownSettings(null);

    public ShutdownSettings(@Nullable Duration drainTimeout) {
        this.drainTimeout = drainTimeout != null ? drainTimeout : Duration.ofSeconds(20);
    }
}
