package io.shopset.routing.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One endpoint (pod) of a ShopSet, written {@code host:port} (IPv6 as {@code [::1]:9001}).
 */
public record Endpoint(String host, int port) {

    public Endpoint {
        requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range (expected: 1-65535)");
        }
    }

    /**
     * Parses {@code host:port}.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    @JsonCreator
    public static Endpoint parse(String text) {
        requireNonNull(text, "text");
        final String trimmed = text.trim();
        final int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("\"" + text + "\" is not host:port");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.length() < 3) {
                throw new IllegalArgumentException("\"" + text + "\" is not host:port");
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("\"" + text + "\": write IPv6 addresses as [addr]:port");
        }
        final int port;
        try {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" has no numeric port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("\"" + text + "\": port " + port + " out of range (expected: 1-65535)");
        }
        return new Endpoint(host, port);
    }

    @JsonValue
    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? '[' + host + "]:" + port : host + ':' + port;
    }
}
