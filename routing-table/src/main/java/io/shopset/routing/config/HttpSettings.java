package io.shopset.routing.config;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

/**
 * The {@code http} section: limits on what a client may send.
 *
 * @param maxRequestLine bytes in the request line before 414 (default 8192)
 * @param maxHeaderSize  bytes in the header section before 431 (default 32768)
 */
public record HttpSettings(int maxRequestLine, int maxHeaderSize) {

    public static final HttpSettings DEFAULT = new HttpSettings(null, null);

    @JsonCreator
    public HttpSettings(@Nullable Integer maxRequestLine, @Nullable Integer maxHeaderSize) {
        this(maxRequestLine == null ? 8192 : (int) maxRequestLine, maxHeaderSize == null ? 32768 : (int) maxHeaderSize);
    }
}
