package io.shopset.gateway.select;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.shopset.gateway.Ticker;
import io.shopset.routing.config.CircuitBreakerSettings;

/**
 * One Resilience4j circuit breaker per ShopSet, kept across routing changes. The breakers use the
 * lock-free sliding time window, so recording an outcome on an event loop takes no lock; their time
 * comes from the gateway's {@link Ticker}. Open means the ShopSet is skipped; after
 * {@code openDuration} the next request finds it half-open and a few probes go through.
 */
public final class ShopSetBreakers {

    private final CircuitBreakerConfig config;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    /**
     * Breakers over {@code s}. No event consumer is registered on purpose: with one, Resilience4j
     * creates an event object (with a timestamp) on every recorded call; state is read by gauges.
     */
    public ShopSetBreakers(CircuitBreakerSettings s, Ticker ticker) {
        config = CircuitBreakerConfig.custom()
                                     .slidingWindow((int) Math.max(1, s.window().toSeconds()), s.minimumCalls(),
                                                    SlidingWindowType.TIME_BASED,
                                                    SlidingWindowSynchronizationStrategy.LOCK_FREE)
                                     .failureRateThreshold(s.failureRateThreshold())
                                     .slowCallRateThreshold(s.slowCallRateThreshold())
                                     .slowCallDurationThreshold(s.slowCallDuration())
                                     .waitDurationInOpenState(s.openDuration())
                                     .permittedNumberOfCallsInHalfOpenState(s.halfOpenCalls())
                                     .automaticTransitionFromOpenToHalfOpenEnabled(false)
                                     .recordExceptions(Throwable.class)
                                     .clock(new TickerClock(ticker))
                                     .build();
    }

    /** The breaker of {@code shopSet}, created if new. Control path (backend construction). */
    public CircuitBreaker get(String shopSet) {
        return breakers.computeIfAbsent(shopSet, name -> CircuitBreaker.of(name, config));
    }

    /** Forgets breakers of ShopSets that are gone. */
    public void retain(java.util.Set<String> shopSets) {
        breakers.keySet().retainAll(shopSets);
    }
}
