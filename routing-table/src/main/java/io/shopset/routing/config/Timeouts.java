package io.shopset.routing.config;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

/**
 * The {@code timeouts} section.
 *
 * @param connect        upstream connect (default 1s)
 * @param response       until the upstream's response headers (default 30s)
 * @param requestHeaders from a request head's first byte (a new connection: from accept) until the
 *                       head is complete; then 408 and close (default 10s)
 * @param idle           client keep-alive idle (default 60s)
 * @param upstreamIdle   pooled upstream connection idle (default 30s)
 * @param bodyIdle       no byte of a request body arrives for this long while the gateway waits for
 *                       it: 408 and close, or just close once the response started (default 30s)
 * @param write          a client accepts no byte of a response held back for it for this long: the
 *                       connection closes (default 30s)
 */
public record Timeouts(Duration connect, Duration response, Duration requestHeaders, Duration idle,
                       Duration upstreamIdle, Duration bodyIdle, Duration write) {

    public static final Timeouts DEFAULT = new Timeouts(null, null, null, null, null, null, null);

    @JsonCreator
    public Timeouts(@Nullable Duration connect, @Nullable Duration response, @Nullable Duration requestHeaders,
                    @Nullable Duration idle, @Nullable Duration upstreamIdle, @Nullable Duration bodyIdle,
                    @Nullable Duration write) {
        this.connect = connect != null ? connect : Duration.ofSeconds(1);
        this.response = response != null ? response : Duration.ofSeconds(30);
        this.requestHeaders = requestHeaders != null ? requestHeaders : Duration.ofSeconds(10);
        this.idle = idle != null ? idle : Duration.ofSeconds(60);
        this.upstreamIdle = upstreamIdle != null ? upstreamIdle : Duration.ofSeconds(30);
        this.bodyIdle = bodyIdle != null ? bodyIdle : Duration.ofSeconds(30);
        this.write = write != null ? write : Duration.ofSeconds(30);
    }

    /** The first five settings; {@code bodyIdle} and {@code write} take their defaults. */
    public Timeouts(@Nullable Duration connect, @Nullable Duration response, @Nullable Duration requestHeaders,
                    @Nullable Duration idle, @Nullable Duration upstreamIdle) {
        this(connect, response, requestHeaders, idle, upstreamIdle, null, null);
    }
}
