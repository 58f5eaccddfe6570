package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The metric names and labels of CONTRACT.md, as Prometheus scrapes them. */
class MetricsTest {

    @Test
    void exposesTheContractsMetricsWithTheirLabels() throws Exception {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final String extra = "limits:\n  shop: {requestsPerSecond: 1, burst: 3}\n";
        new io.shopset.gateway.metrics.GatewayMetrics(registry).buildInfo("1.2.3", "17.0.9");
        try (GatewayHarness h = new GatewayHarness(extra, Ticker.SYSTEM, registry)) {
            for (int i = 0; i < 5; i++) {
                h.get("beta.shops.test", "/");
            }
            h.get("nobody.shops.test", "/");
            await().until(() -> registry.scrape().contains("shopset_upstream_healthy"));
            final String text = registry.scrape();
            assertThat(text).contains("shopset_requests_total{code_class=\"2xx\",failure_domain=\"dc-b\",shopset=\"prod-b\",tier=\"prod\"} 3.0")
                            .contains("shopset_requests_total{code_class=\"4xx\",failure_domain=\"none\",shopset=\"none\",tier=\"none\"}")
                            .contains("shopset_request_duration_seconds_bucket{le=")
                            .contains("shopset_throttled_total{scope=\"shop\"} 2.0")
                            .contains("shopset_throttled_total{scope=\"client\"}")
                            .contains("shopset_throttled_total{scope=\"client_total\"}")
                            .contains("shopset_failovers_total")
                            .contains("shopset_upstream_healthy{endpoint=\"" + h.b1.endpoint() + "\",shopset=\"prod-b\"} 1.0")
                            .contains("shopset_circuit_state{shopset=\"prod-b\",state=\"closed\"} 1.0")
                            .contains("shopset_routing_table_version 1.0")
                            .contains("shopset_routing_table_age_seconds")
                            .contains("shopset_upstream_retries_total{reason=\"connect_failure\"}")
                            .contains("netty_allocator_memory_used")
                            .contains("shopset_build_info{java=\"17.0.9\",version=\"1.2.3\"} 1");
            // No per-shop or per-client label anywhere near a histogram.
            assertThat(text.lines().filter(l -> l.startsWith("shopset_request_duration_seconds_bucket")))
                    .allMatch(l -> l.startsWith("shopset_request_duration_seconds_bucket{le="));
        }
    }
}
