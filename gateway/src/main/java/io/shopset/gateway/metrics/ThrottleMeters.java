package io.shopset.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopset.gateway.policy.ThrottleScope;

/**
 * {@code shopset_throttled_total{scope}}: requests refused by a limit, and
 * {@code shopset_throttled_shadow_total{scope}}: requests a shop in shadow mode would have refused.
 * Scopes: {@code client}, {@code client_total}, {@code shop} (rate and concurrency).
 */
public final class ThrottleMeters {

    private final Counter[] throttled = new Counter[ThrottleScope.values().length];
    private final Counter[] shadow = new Counter[ThrottleScope.values().length];

    public ThrottleMeters(MeterRegistry registry) {
        for (ThrottleScope s : ThrottleScope.values()) {
            throttled[s.ordinal()] = Counter.builder(GatewayMeterNames.THROTTLED).tag(GatewayMeterNames.TAG_SCOPE, s.tag())
                                            .description("Requests refused by a tenant limit").register(registry);
            shadow[s.ordinal()] = Counter.builder(GatewayMeterNames.THROTTLED_SHADOW).tag(GatewayMeterNames.TAG_SCOPE, s.tag())
                                         .description("Requests a shop in shadow mode would have refused")
                                         .register(registry);
        }
    }

    public void throttled(ThrottleScope scope) {
        throttled[scope.ordinal()].increment();
    }

    public void shadow(ThrottleScope scope) {
        shadow[scope.ordinal()].increment();
    }
}
