package io.shopset.gateway.metrics;

import java.util.function.DoubleSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Global shop limits: {@code shopset_ratelimit_fallback_total} (switches to the local fallback),
 * {@code shopset_ratelimit_fallback_active} (1 while in it) and {@code shopset_ratelimit_replicas}.
 * Registered only when the limits are global.
 */
public final class RateLimitMeters {

    private final Counter fallbacks;

    public RateLimitMeters(MeterRegistry registry, DoubleSupplier fallbackActive, DoubleSupplier replicas) {
        fallbacks = Counter.builder(GatewayMeterNames.RATELIMIT_FALLBACK)
                           .description("Switches from global shop limits to limit / replicas enforced locally")
                           .register(registry);
        Gauge.builder(GatewayMeterNames.RATELIMIT_FALLBACK_ACTIVE, fallbackActive, DoubleSupplier::getAsDouble)
             .description("1 while shop limits are enforced locally because Redis is slow or down")
             .strongReference(true).register(registry);
        Gauge.builder(GatewayMeterNames.RATELIMIT_REPLICAS, replicas, DoubleSupplier::getAsDouble)
             .description("Gateway replicas known from the Redis heartbeats")
             .strongReference(true).register(registry);
    }

    public void fallback() {
        fallbacks.increment();
    }

    public double fallbacks() {
        return fallbacks.count();
    }
}
