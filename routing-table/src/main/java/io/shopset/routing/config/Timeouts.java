package io.shopset.routing.config;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The {@code timeouts} section.
 *
 * @param connect        upstream connect (default 1s)
 * @param response       until the upstream's response headers (default 30s)
 * @param requestHeaders until the client's request head is complete (default 10s)
 * @param idle           client keep-alive idle (default 60s)
 * @param upstreamIdle   pooled upstream connection idle (default 30s)
 */
public record Timeouts(Duration connect, Duration response, Duration requestHeaders, Duration idle,
                       Duration upstreamIdle) {

    public static final Timeouts DEFAULT = new Timeouts(null, null, null, null, null);

    public Timeouts(@Nullable Duration connect, @Nullable Duration response, @Nullable Duration requestHeaders,
                    @Nullable Duration idle, @Nullable Duration upstreamIdle) {
        this.connect = connect != null ? connect : Duration.ofSeconds(1);
        this.response = response != null ? response : Duration.ofSeconds(30);
        this.requestHeaders = requestHeaders != null ? requestHeaders : Duration.ofSeconds(10);
        this.idle = idle != null ? idle : Duration.ofSeconds(60);
        this.upstreamIdle = upstreamIdle != null ? upstreamIdle : Duration.ofSeconds(30);
    }
}
