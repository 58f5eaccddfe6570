package io.shopset.routing.config;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

/**
 * The {@code warmup} section: how the gateway mirrors a warming shop's GET requests to the
 * dedicated ShopSet it will be isolated on ({@code isolate} with {@code "warmup"}).
 *
 * @param samplePercent  percent of the shop's GET requests (without a body) copied (default 10)
 * @param maxConcurrent  mirrored requests in flight at most, per gateway (default 16); more are dropped
 * @param timeout        a mirrored request is abandoned after this (default 10s)
 */
public record WarmupSettings(int samplePercent, int maxConcurrent, Duration timeout) {

    public static final WarmupSettings DEFAULT = new WarmupSettings((Integer) null, null, null);

    @JsonCreator
    public WarmupSettings(@Nullable Integer samplePercent, @Nullable Integer maxConcurrent,
                          @Nullable Duration timeout) {
        this(samplePercent == null ? 10 : (int) samplePercent, maxConcurrent == null ? 16 : (int) maxConcurrent,
             timeout != null ? timeout : Duration.ofSeconds(10));
    }
}
