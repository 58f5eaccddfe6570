package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shopset.routing.config.Mappers;

/** One JSON line per request, written off the event loop: served, throttled, failed over, unknown host. */
class AccessLogTest {

    @TempDir
    Path dir;

    @Test
    void writesOneJsonLinePerRequestWithItsOutcome() throws Exception {
        final Path log = dir.resolve("access.jsonl");
        final String extra = "accessLog: {path: " + log + "}\n" +
                             "limits:\n" +
                             "  client: {requestsPerSecond: 1000, burst: 1000}\n" +
                             "  clientTotal: {requestsPerSecond: 1000, burst: 1000}\n" +
                             "  shop: {requestsPerSecond: 1000, burst: 1000}\n";
        try (GatewayHarness h = new GatewayHarness(extra)) {
            h.reload(h.yaml(extra, "127.0.0.1:" + GatewayHarness.closedPort(), h.b1.endpoint())
                      .replace("{id: beta, shopsets: [prod-b, prod-a]}",
                               "{id: beta, shopsets: [prod-b, prod-a], limits: {requestsPerSecond: 1, burst: 1}}"));
            final RawHttp.Response throttledResponse;
            final RawHttp.Response unknownResponse;
            try (RawHttp c = h.connect()) {
                c.send("GET /served?x=1 HTTP/1.1\r\nHost: vip.shops.test\r\nX-Request-Id: req-1\r\n\r\n").read();
                c.send(RawHttp.get("alpha.shops.test", "/failover")).read();
                c.send(RawHttp.get("beta.shops.test", "/first")).read();
                throttledResponse = c.send(RawHttp.get("beta.shops.test", "/throttled")).read();
                unknownResponse = c.send("GET / HTTP/1.1\r\nHost: nobody.shops.test\r\nX-Request-Id: req-404\r\n\r\n")
                                   .read();
            }
            await().until(() -> Files.exists(log) && Files.readAllLines(log).size() == 5);
            final List<JsonNode> lines = Files.readAllLines(log).stream().map(AccessLogTest::json).toList();

            final JsonNode served = lines.get(0);
            assertThat(served.get("status").asInt()).isEqualTo(200);
            assertThat(served.get("method").asText()).isEqualTo("GET");
            assertThat(served.get("path").asText()).isEqualTo("/served?x=1");
            assertThat(served.get("client").asText()).isEqualTo("127.0.0.1");
            assertThat(served.get("shop").asText()).isEqualTo("vip");
            assertThat(served.get("shopset").asText()).isEqualTo("vip-1");
            assertThat(served.get("failure_domain").asText()).isEqualTo("dc-a");
            assertThat(served.get("endpoint").asText()).isEqualTo(h.v1.endpoint());
            assertThat(served.get("request_id").asText()).isEqualTo("req-1");
            assertThat(served.get("bytes_out").asLong()).isPositive();
            assertThat(served.get("upstream_ms").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(served.get("duration_ms").asDouble()).isGreaterThanOrEqualTo(served.get("upstream_ms").asDouble());
            assertThat(served.has("flags")).isFalse();

            final JsonNode failedOver = lines.get(1);
            assertThat(failedOver.get("status").asInt()).isEqualTo(200);
            assertThat(failedOver.get("shopset").asText()).isEqualTo("prod-b");
            assertThat(failedOver.get("failure_domain").asText()).isEqualTo("dc-b");
            assertThat(failedOver.get("flags").asText()).isEqualTo("failover");
            assertThat(failedOver.get("retries").asInt()).isEqualTo(1);

            final JsonNode throttled = lines.get(3);
            assertThat(throttled.get("status").asInt()).isEqualTo(429);
            assertThat(throttled.get("flags").asText()).isEqualTo("throttled_shop");
            assertThat(throttled.get("shop").asText()).isEqualTo("beta");
            assertThat(throttled.has("shopset")).as("never reached a ShopSet").isFalse();
            assertThat(throttled.get("request_id").asText()).as("a refusal gets a request id too").matches("[0-9a-f]{32}")
                                                          .isEqualTo(throttledResponse.header("X-Request-Id"));

            final JsonNode unknown = lines.get(4);
            assertThat(unknown.get("status").asInt()).isEqualTo(404);
            assertThat(unknown.get("flags").asText()).isEqualTo("no_route");
            assertThat(unknown.get("host").asText()).isEqualTo("nobody.shops.test");
            assertThat(unknown.get("request_id").asText()).as("the client's own id").isEqualTo("req-404");
            assertThat(unknownResponse.header("X-Request-Id")).isEqualTo("req-404");
        }
    }

    private static JsonNode json(String line) {
        try {
            return Mappers.json().readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
