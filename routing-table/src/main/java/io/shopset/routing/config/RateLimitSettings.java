package io.shopset.routing.config;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

/**
 * The {@code rateLimit} section: per-shop rate limits held across gateway replicas through Redis
 * (docs/rate-limits.md).
 *
 * @param redis            {@code redis://host:port/db} shared by the replicas, {@code off} for limits
 *                         per replica only; unset: the {@code store} when it is Redis, else off
 * @param syncInterval     how often each replica exchanges its shops' demand with Redis (default 20ms)
 * @param timeout          a Redis command slower than this fails; when syncs have failed for twice
 *                         this, the replica falls back to its local share (limit ÷ replicas) until one
 *                         succeeds again (default 250ms)
 * @param fallbackReplicas the replica count assumed by the fallback before any sync succeeded since
 *                         the start (default 1); after one, the count from Redis's heartbeats is kept
 */
public record RateLimitSettings(@Nullable String redis, Duration syncInterval, Duration timeout, int fallbackReplicas) {

    public static final RateLimitSettings DEFAULT = new RateLimitSettings(null, null, null, null);

    /** The {@code redis} value that turns global limits off even with a Redis store. */
    public static final String OFF = "off";

    @JsonCreator
    public RateLimitSettings(@Nullable String redis, @Nullable Duration syncInterval, @Nullable Duration timeout,
                             @Nullable Integer fallbackReplicas) {
        this(redis, syncInterval != null ? syncInterval : Duration.ofMillis(20),
             timeout != null ? timeout : Duration.ofMillis(250), fallbackReplicas != null ? fallbackReplicas : 1);
    }

    /** The Redis that holds the global limits given {@code store}, or {@code null} for limits per replica only. */
    public @Nullable String redisUri(String store) {
        if (redis != null) {
            return OFF.equals(redis) ? null : redis;
        }
        return store.startsWith("redis://") ? store : null;
    }
}
