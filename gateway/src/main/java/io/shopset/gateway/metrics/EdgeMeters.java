package io.shopset.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopset.gateway.edge.EdgeObserver;
import io.shopset.gateway.edge.EdgeReason;

/**
 * {@code shopset_edge_rejections_total{reason}}: what the edge refused, one counter per
 * {@link EdgeReason}, all registered up front so that a scrape shows zeros too.
 */
public final class EdgeMeters implements EdgeObserver {

    private final Counter[] rejections = new Counter[EdgeReason.values().length];

    public EdgeMeters(MeterRegistry registry) {
        for (EdgeReason r : EdgeReason.values()) {
            rejections[r.ordinal()] = Counter.builder(GatewayMeterNames.EDGE_REJECTIONS)
                                             .tag(GatewayMeterNames.TAG_REASON, r.tag())
                                             .description("Requests and connections refused at the edge, by reason")
                                             .register(registry);
        }
    }

    @Override
    public void rejected(EdgeReason reason) {
        rejections[reason.ordinal()].increment();
    }
}
