package io.shopset.routing.config;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

/**
 * The {@code tls.http2} section: HTTP/2 on the TLS listener (offered through ALPN beside
 * {@code http/1.1}) and the limits that guard it.
 *
 * @param enabled              whether {@code h2} is offered (default true)
 * @param maxConcurrentStreams streams a client may have open on one connection (SETTINGS_MAX_CONCURRENT_STREAMS);
 *                             one more is refused with RST_STREAM REFUSED_STREAM (default 100)
 * @param maxHeaderListSize    bytes of a request's decoded header list (SETTINGS_MAX_HEADER_LIST_SIZE); over it the
 *                             stream gets 431, and a header block a quarter larger than it (a CONTINUATION flood)
 *                             ends the connection (default 32768)
 * @param initialWindowSize    bytes a client may send on one stream before the gateway reads them
 *                             (SETTINGS_INITIAL_WINDOW_SIZE); the connection's window is as large, so it is
 *                             what one connection can make the gateway buffer (default 65535, the protocol's
 *                             own; not less, as a client may send that much before it reads the gateway's
 *                             SETTINGS)
 * @param maxResets            RST_STREAM frames a connection may send in {@code resetWindow} (rapid reset,
 *                             CVE-2023-44487), and RST_STREAM frames the gateway may be made to send (server-side
 *                             resets); one more ends the connection with GOAWAY ENHANCE_YOUR_CALM (default 200)
 * @param resetWindow          the window of {@code maxResets}, whole seconds (default 30s)
 */
public record Http2Settings(boolean enabled, int maxConcurrentStreams, int maxHeaderListSize, int initialWindowSize,
                            int maxResets, Duration resetWindow) {

    public static final Http2Settings DEFAULT = new Http2Settings(null, null, null, null, null, null);

    @JsonCreator
    public Http2Settings(@Nullable Boolean enabled, @Nullable Integer maxConcurrentStreams,
                         @Nullable Integer maxHeaderListSize, @Nullable Integer initialWindowSize,
                         @Nullable Integer maxResets, @Nullable Duration resetWindow) {
        this(enabled == null || enabled, maxConcurrentStreams == null ? 100 : (int) maxConcurrentStreams,
             maxHeaderListSize == null ? 32768 : (int) maxHeaderListSize,
             initialWindowSize == null ? 65535 : (int) initialWindowSize, maxResets == null ? 200 : (int) maxResets,
             resetWindow != null ? resetWindow : Duration.ofSeconds(30));
    }
}
