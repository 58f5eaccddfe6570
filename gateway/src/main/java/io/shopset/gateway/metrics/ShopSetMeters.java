package io.shopset.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of one ShopSet, registered once when the ShopSet appears so the request path only
 * increments: one request counter per status class, and its connect-failure counter.
 */
public final class ShopSetMeters {

    private final Counter[] byClass = new Counter[6];
    private final Counter connectFailures;
    private final Counter ejections;

    ShopSetMeters(MeterRegistry registry, String shopSet, String tier, String failureDomain) {
        for (int c = 1; c <= 5; c++) {
            byClass[c] = Counter.builder(GatewayMeterNames.REQUESTS)
                                .description("Requests answered, by ShopSet and status class")
                                .tag(GatewayMeterNames.TAG_SHOPSET, shopSet)
                                .tag(GatewayMeterNames.TAG_TIER, tier)
                                .tag(GatewayMeterNames.TAG_FAILURE_DOMAIN, failureDomain)
                                .tag(GatewayMeterNames.TAG_CODE_CLASS, c + "xx")
                                .register(registry);
        }
        byClass[0] = byClass[5];
        connectFailures = Counter.builder(GatewayMeterNames.UPSTREAM_CONNECT_FAILURES)
                                 .description("Upstream connections that could not be opened")
                                 .tag(GatewayMeterNames.TAG_SHOPSET, shopSet)
                                 .register(registry);
        ejections = Counter.builder(GatewayMeterNames.EJECTIONS)
                           .description("Endpoints ejected by passive outlier detection")
                           .tag(GatewayMeterNames.TAG_SHOPSET, shopSet)
                           .register(registry);
    }

    public void ejection() {
        ejections.increment();
    }

    /** Counts one response with {@code status}. */
    public void response(int status) {
        final int c = status / 100;
        byClass[c >= 1 && c <= 5 ? c : 0].increment();
    }

    public void connectFailure() {
        connectFailures.increment();
    }

    /** Responses counted so far, every status class together. Off the request path (rate sampling). */
    public long answered() {
        long n = 0;
        for (int c = 1; c <= 5; c++) {
            n += (long) byClass[c].count();
        }
        return n;
    }

    /** 5xx responses counted so far. Off the request path (rate sampling). */
    public long errors() {
        return (long) byClass[5].count();
    }
}
