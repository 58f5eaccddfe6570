package io.shopset.controller.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shopset.gateway.metrics.GatewayMetrics;
import io.shopset.gateway.metrics.ShopSetMeters;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.ShopSet;

class PrometheusTextTest {

    @Test
    void readsTheGatewaysOwnRequestCounters() {
        // The gateway's meters, rendered by the registry the gateway serves /metrics from.
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final GatewayMetrics metrics = new GatewayMetrics(registry);
        final ShopSetMeters beta = metrics.shopSet(new ShopSet("beta-a", "beta", "production", "dc-a", false,
                                                               List.of(Endpoint.parse("10.0.0.1:80")), null, 1.0, false));
        for (int i = 0; i < 7; i++) {
            beta.response(200);
        }
        beta.response(503);
        beta.response(500);

        final List<PrometheusText.Sample> samples = PrometheusText.samples(registry.scrape(), ErrorHistory.METRIC);

        assertThat(samples).filteredOn(s -> "beta-a".equals(s.labels().get("shopset")))
                           .hasSize(5)
                           .anySatisfy(s -> {
                               assertThat(s.labels()).containsEntry("tier", "beta").containsEntry("failure_domain", "dc-a")
                                                     .containsEntry("code_class", "5xx");
                               assertThat(s.value()).isEqualTo(2.0);
                           })
                           .anySatisfy(s -> {
                               assertThat(s.labels()).containsEntry("code_class", "2xx");
                               assertThat(s.value()).isEqualTo(7.0);
                           });
    }

    @Test
    void handlesEscapesTrailingCommasTimestampsAndSpecialValues() {
        final String text = """
                # HELP shopset_requests_total Requests answered
                # TYPE shopset_requests_total counter
                shopset_requests_total{shopset="a\\"b",tier="x\\\\y",code_class="5xx",} 3 1700000000000
                shopset_requests_total_created{shopset="a"} 1.7e9
                shopset_requests_totalish 9
                shopset_requests_total { tier = "n\\nl" , code_class="2xx" } +Inf
                shopset_requests_total 1.5e3
                other_metric{tier="beta"} 4
                # EOF
                """;

        final List<PrometheusText.Sample> samples = PrometheusText.samples(text, "shopset_requests_total");

        assertThat(samples).containsExactly(
                new PrometheusText.Sample(Map.of("shopset", "a\"b", "tier", "x\\y", "code_class", "5xx"), 3),
                new PrometheusText.Sample(Map.of("tier", "n\nl", "code_class", "2xx"), Double.POSITIVE_INFINITY),
                new PrometheusText.Sample(Map.of(), 1500));
    }

    @Test
    void aMalformedLineIsAnErrorNamingIt() {
        assertThatThrownBy(() -> PrometheusText.samples("shopset_requests_total{tier=beta} 1\n", "shopset_requests_total"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1").hasMessageContaining("label tier: value not quoted");
        assertThatThrownBy(() -> PrometheusText.samples("x 1\nshopset_requests_total{tier=\"a\"} many\n",
                                                        "shopset_requests_total"))
                .hasMessageContaining("line 2").hasMessageContaining("value \"many\" is not a number");
    }
}
