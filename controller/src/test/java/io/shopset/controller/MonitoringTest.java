package io.shopset.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the Prometheus alert rules under {@code k8s/monitoring/} use only metrics
 * the gateway exports: every {@code shopset_*} name in their queries is one that
 * {@code GatewayMeterNames} documents (its Javadoc names the Prometheus form of each meter), give or
 * take a histogram's {@code _bucket}/{@code _count}/{@code _sum}/{@code _max}.
 */
class MonitoringTest {

    private static final Path MONITORING = Path.of("..", "k8s", "monitoring");
    private static final Path METER_NAMES =
            Path.of("..", "gateway", "src", "main", "java", "io", "shopset", "gateway", "metrics", "GatewayMeterNames.java");
    private static final Pattern CONSTANT = Pattern.compile(
            "/\\*\\*\\s*\\{@code (shopset_[a-z0-9_]+)[^}]*}?[^*]*\\*/\\s*public static final String (\\w+) = \"(shopset\\.[a-z0-9.]+)\";");
    private static final Pattern METRIC = Pattern.compile("\\bshopset_[a-z0-9_]+");

    @Test
    void dashboardAndAlertRulesUseOnlyTheGatewaysMetrics() throws IOException {
        final Map<String, String> known = knownMetrics();
        assertThat(known).as("metric names parsed from GatewayMeterNames").hasSizeGreaterThan(10)
                         .containsKeys("shopset_requests_total", "shopset_request_duration_seconds");

        final List<String> exprs = new ArrayList<>();
        final JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
        dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
        dashboard.findValues("query").forEach(e -> exprs.add(e.asText()));
        final int dashboardExprs = exprs.size();
        final JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(MONITORING.resolve("prometheus-rules.yaml").toFile());
        assertThat(rules.path("kind").asText()).isEqualTo("PrometheusRule");
        rules.findValues("expr").forEach(e -> exprs.add(e.asText()));
        assertThat(dashboardExprs).isGreaterThan(10);
        assertThat(exprs.size() - dashboardExprs).as("alert rules").isGreaterThan(5);

        final Set<String> used = new TreeSet<>();
        final Set<String> unknown = new TreeSet<>();
        for (String e : exprs) {
            final Matcher m = METRIC.matcher(e);
            while (m.find()) {
                final String name = m.group();
                final String base = name.replaceFirst("_(bucket|count|sum|max)$", "");
                if (known.containsKey(name) || known.containsKey(base)) {
                    used.add(known.containsKey(name) ? name : base);
                } else {
                    unknown.add(name);
                }
            }
        }
        assertThat(unknown).as("metrics not in GatewayMeterNames").isEmpty();
        assertThat(used).as("the dashboard covers the operator's questions").contains(
                "shopset_requests_total", "shopset_request_duration_seconds", "shopset_throttled_total",
                "shopset_failovers_total", "shopset_upstream_retries_total", "shopset_upstream_ejections_total",
                "shopset_circuit_state", "shopset_upstream_healthy", "shopset_routing_table_version",
                "shopset_routing_table_age_seconds", "shopset_config_reloads_total");
    }

    /** Prometheus name (from the Javadoc) to Micrometer name, checked to agree with each other. */
    private static Map<String, String> knownMetrics() throws IOException {
        final String source = Files.readString(METER_NAMES);
        final Map<String, String> out = new LinkedHashMap<>();
        final Matcher m = CONSTANT.matcher(source);
        while (m.find()) {
            final String prometheus = m.group(1);
            final String micrometer = m.group(3);
            assertThat(prometheus).as("Javadoc of %s", m.group(2)).startsWith(micrometer.replace('.', '_'));
            out.put(prometheus, micrometer);
        }
        return out;
    }
}
