package io.shopset.routing.config;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

/**
 * The {@code http} section: limits on what a client may send.
 *
 * @param maxRequestLine bytes in the request line before 414 (default 8192)
 * @param maxHeaderSize  bytes in the header section before 431 (default 32768)
 * @param maxHeaders     header fields in a request head (or a chunked body's trailers) before 431
 *                       (default 100)
 * @param maxBodySize    bytes of a request body before 413, unless the shop's
 *                       {@code limits.maxBodySize} says otherwise (default 268435456, 256 MiB)
 */
public record HttpSettings(int maxRequestLine, int maxHeaderSize, int maxHeaders, long maxBodySize) {

    public static final HttpSettings DEFAULT = new HttpSettings(null, null, null, null);

    /** The default of {@link #maxBodySize()}: 256 MiB. */
    public static final long DEFAULT_MAX_BODY_SIZE = 256L * 1024 * 1024;

    @JsonCreator
    public HttpSettings(@Nullable Integer maxRequestLine, @Nullable Integer maxHeaderSize,
                        @Nullable Integer maxHeaders, @Nullable Long maxBodySize) {
        this(maxRequestLine == null ? 8192 : (int) maxRequestLine, maxHeaderSize == null ? 32768 : (int) maxHeaderSize,
             maxHeaders == null ? 100 : (int) maxHeaders, maxBodySize == null ? DEFAULT_MAX_BODY_SIZE : (long) maxBodySize);
    }
}
