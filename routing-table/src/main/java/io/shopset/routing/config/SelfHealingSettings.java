package io.shopset.routing.config;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

/**
 * The {@code selfHealing} section: re-homing the shops of a ShopSet that stays unhealthy.
 *
 * @param enabled     whether this process re-homes shops itself (default true); with several
 *                    replicas on one Redis store every replica may, and the store's
 *                    compare-and-set lets exactly one plan through per state
 * @param gracePeriod how long a ShopSet must stay unhealthy — every endpoint down, or its circuit
 *                    open — before its shops are re-homed (default 2m); a healthy moment restarts it
 */
public record SelfHealingSettings(boolean enabled, Duration gracePeriod) {

    public static final SelfHealingSettings DEFAULT = new SelfHealingSettings((Boolean) null, null);

    @JsonCreator
    public SelfHealingSettings(@Nullable Boolean enabled, @Nullable Duration gracePeriod) {
        this(enabled == null || enabled, gracePeriod != null ? gracePeriod : Duration.ofMinutes(2));
    }
}
