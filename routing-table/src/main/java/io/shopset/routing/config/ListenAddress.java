package io.shopset.routing.config;

import io.shopset.routing.model.Endpoint;

/**
 * A listener's {@code host:port}; port 0 asks the system for any free port.
 */
public record ListenAddress(String host, int port) {

    /**
     * Parses {@code host:port} (IPv6 as {@code [::1]:8080}), port 0 to 65535.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ListenAddress parse(String text) {
        if (text.trim().endsWith(":0")) {
            final Endpoint e = Endpoint.parse(text.trim().substring(0, text.trim().length() - 1) + "1");
            return new ListenAddress(e.host(), 0);
        }
        final Endpoint e = Endpoint.parse(text);
        return new ListenAddress(e.host(), e.port());
    }

    public java.net.InetSocketAddress toSocketAddress() {
        return new java.net.InetSocketAddress(host, port);
    }
}
