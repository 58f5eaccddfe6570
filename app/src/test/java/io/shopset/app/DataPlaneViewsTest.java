package io.shopset.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shopset.routing.config.Mappers;

/** The admin API's views of the data plane in a real process: top shops, and explain's live health. */
class DataPlaneViewsTest {

    @TempDir
    Path dir;

    @Test
    void topShopsListsTheBusiestShopsByRecentRate() throws Exception {
        try (Cluster c = new Cluster(dir, "file")) {
            final GatewayProcess p = c.start("solo");
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                for (int i = 0; i < 6; i++) {
                    Cluster.servedBy(p, "alpha.shops.test");
                }
                Cluster.servedBy(p, "beta.shops.test");
                final JsonNode top = Mappers.json().readTree(c.admin(p, "GET", "/api/v1/top-shops?n=2", null).body());
                return top.size() == 2 && top.get(0).get("shop").asText().equals("alpha")
                       && top.get(0).get("requestsPerSecond").asDouble() > top.get(1).get("requestsPerSecond").asDouble();
            });
            assertThat(c.admin(p, "GET", "/api/v1/top-shops?n=0", null).statusCode()).isEqualTo(400);
            assertThat(c.admin(p, "GET", "/api/v1/top-shops?n=x", null).body()).contains("\"field\":\"n\"");
        }
    }

    @Test
    void explainShowsAnEndpointThatStoppedAnsweringAsUnhealthy() throws Exception {
        try (Cluster c = new Cluster(dir, "file")) {
            final GatewayProcess p = c.start("solo");
            assertThat(Cluster.servedBy(p, "alpha.shops.test")).isEqualTo("prod-a");
            c.a1.close();
            // Outlier detection ejects it after consecutive connect failures; the requests fail over meanwhile.
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Cluster.servedBy(p, "alpha.shops.test");
                final JsonNode explain = Mappers.json().readTree(
                        c.admin(p, "GET", "/api/v1/explain?host=alpha.shops.test", null).body());
                return !explain.get("candidates").get(0).get("healthy").asBoolean()
                       && explain.get("chosen").asText().equals("prod-b");
            });
        }
    }
}
