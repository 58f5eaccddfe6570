package io.shopset.routing.config;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

/**
 * The {@code listener} section: options of the public listener ({@code listen}).
 *
 * @param proxyProtocol  whether every connection starts with a PROXY protocol header (v1 or v2)
 *                       from a peer in {@code trustedProxies}; the client address is taken from it.
 *                       Connections from other peers are closed (default false)
 * @param maxConnections client connections open on this listener at most; a connection over it is
 *                       accepted and closed at once (default 10000)
 */
public record ListenerSettings(boolean proxyProtocol, int maxConnections) {

    public static final ListenerSettings DEFAULT = new ListenerSettings(null, null);

    @JsonCreator
    public ListenerSettings(@Nullable Boolean proxyProtocol, @Nullable Integer maxConnections) {
        this(proxyProtocol != null && proxyProtocol, maxConnections == null ? 10_000 : (int) maxConnections);
    }
}
