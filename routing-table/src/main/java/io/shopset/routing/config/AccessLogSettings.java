package io.shopset.routing.config;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

/**
 * The {@code accessLog} section: one JSON line per request.
 *
 * @param enabled whether to write it (default true)
 * @param path    {@code -} for standard output (default), else a file appended to
 */
public record AccessLogSettings(boolean enabled, String path) {

    public static final AccessLogSettings DEFAULT = new AccessLogSettings(null, null);

    @JsonCreator
    public AccessLogSettings(@Nullable Boolean enabled, @Nullable String path) {
        this(enabled == null || enabled, path == null ? "-" : path);
    }
}
