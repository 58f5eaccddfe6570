package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http2.Http2Error;
import io.shopset.gateway.edge.EdgeReason;

/**
 * Issue 9, edge metrics as Prometheus scrapes them: {@code shopset_edge_rejections_total{reason}}
 * counts each refusal under its reason (every reason is there from the start, at zero) and
 * {@code shopset_connections_active{listener}} follows the connections open on each listener.
 */
class EdgeMetricsTest {

    @Test
    void rejectionsAreCountedByReasonAndConnectionsByListener() throws Exception {
        final Path dir = Files.createTempDirectory("shopset-edge-metrics");
        TestCertificates.write(dir.resolve("p.pem"), dir.resolve("p.key"), 1, "*.shops.test");
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final String extra = "listener: {maxConnections: 2}\n" +
                             "http: {maxRequestLine: 512}\n" +
                             "tls: {listen: \"127.0.0.1:0\", certificates: [{certFile: \"" + dir.resolve("p.pem") +
                             "\", keyFile: \"" + dir.resolve("p.key") + "\"}], http2: {maxResets: 3}}\n";
        try (GatewayHarness h = new GatewayHarness(extra, Ticker.SYSTEM, registry)) {
            final String before = registry.scrape();
            for (EdgeReason r : EdgeReason.values()) {
                assertThat(before).contains("shopset_edge_rejections_total{reason=\"" + r.tag() + "\"} 0.0");
            }
            assertThat(before).contains("shopset_connections_active{listener=\"http\"} 0.0")
                              .contains("shopset_connections_active{listener=\"tls\"} 0.0");

            try (RawHttp c = h.connect()) {
                assertThat(c.send("GET / HTTP/1.1\r\nHost: alpha.shops.test\r\n folded\r\n\r\n").read().status())
                        .isEqualTo(400);
            }
            try (RawHttp c = h.connect()) {
                assertThat(c.send(RawHttp.get("alpha.shops.test", "/" + "x".repeat(600))).read().status())
                        .isEqualTo(414);
            }
            try (Http2FrameClient c = Http2FrameClient.connect(h.gateway.tlsAddress(), "alpha.shops.test")) {
                for (int i = 0; i < 6 && c.isOpen(); i++) {
                    c.headers(1 + 2 * i, Http2FrameClient.request("GET", "alpha.shops.test", "/r"), true);
                    c.reset(1 + 2 * i, Http2Error.CANCEL);
                }
                c.await(Http2FrameClient.GoAwayFrame.class, g -> g.error() == Http2Error.ENHANCE_YOUR_CALM.code());
            }
            try (RawHttp a = h.connect(); RawHttp b = h.connect()) {
                assertThat(a.send(RawHttp.get("alpha.shops.test", "/a")).read().status()).isEqualTo(200);
                assertThat(b.send(RawHttp.get("alpha.shops.test", "/b")).read().status()).isEqualTo(200);
                assertThat(registry.scrape()).contains("shopset_connections_active{listener=\"http\"} 2.0");
                try (RawHttp over = h.connect()) {
                    assertThat(over.closedByPeer()).isTrue();
                }
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry.scrape())
                    .contains("shopset_edge_rejections_total{reason=\"framing\"} 1.0")
                    .contains("shopset_edge_rejections_total{reason=\"uri_too_long\"} 1.0")
                    .contains("shopset_edge_rejections_total{reason=\"h2_rapid_reset\"} 1.0")
                    .contains("shopset_edge_rejections_total{reason=\"connection_limit\"} 1.0")
                    .contains("shopset_edge_rejections_total{reason=\"headers_too_large\"} 0.0")
                    .contains("shopset_connections_active{listener=\"http\"} 0.0")
                    .contains("shopset_connections_active{listener=\"tls\"} 0.0"));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }
}
