package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.shopset.gateway.health.SustainedFailureDetector;

/**
 * The sustained-failure detector over a real gateway and real stub ShopSets, on a fake ticker:
 * failed only after the grace period of continuous unhealth, reset by a healthy moment, never for a
 * draining ShopSet; an open circuit counts where there are no active checks.
 */
class SustainedFailureTest {

    static final String CHECKED = "{name: prod-a, healthCheck: {path: /healthz, interval: 1s, timeout: 1s, " +
                                  "healthyThreshold: 1, unhealthyThreshold: 1}, tier: prod,";

    @Test
    void failedOnlyAfterTheGracePeriodAndAHealthyMomentStartsOver() throws Exception {
        final FakeTicker ticker = new FakeTicker();
        try (GatewayHarness h = new GatewayHarness("", ticker)) {
            h.reload(h.yaml("").replace("{name: prod-a, tier: prod,", CHECKED));
            final SustainedFailureDetector d = new SustainedFailureDetector(Duration.ofMinutes(2), ticker);
            assertThat(d.observe(h.gateway.dataPlane())).isEmpty();
            assertThat(d.unhealthySince()).isEmpty();

            h.a1.kill();
            h.a2.kill();
            ticker.advance(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                d.observe(h.gateway.dataPlane());
                return d.unhealthySince().containsKey("prod-a");
            });
            ticker.advance(Duration.ofSeconds(119));
            assertThat(d.observe(h.gateway.dataPlane())).as("1 s short of the grace period").isEmpty();
            ticker.advance(Duration.ofSeconds(1));
            assertThat(d.observe(h.gateway.dataPlane())).containsOnlyKeys("prod-a");
            assertThat(d.failed().get("prod-a")).isEqualTo(Duration.ofMinutes(2));

            h.a1.restart();
            ticker.advance(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> d.observe(h.gateway.dataPlane()).isEmpty());
            assertThat(d.unhealthySince()).isEmpty();
            h.a1.kill();
            ticker.advance(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                d.observe(h.gateway.dataPlane());
                return d.unhealthySince().containsKey("prod-a");
            });
            ticker.advance(Duration.ofSeconds(119));
            assertThat(d.observe(h.gateway.dataPlane())).as("the clock started over").isEmpty();
        }
    }

    @Test
    void aDrainingShopSetIsNeverJudgedAndAnOpenCircuitCountsWithoutActiveChecks() throws Exception {
        final FakeTicker ticker = new FakeTicker();
        try (GatewayHarness h = new GatewayHarness("", ticker)) {
            final SustainedFailureDetector d = new SustainedFailureDetector(Duration.ofSeconds(30), ticker);
            h.gateway.dataPlane().backend("prod-b").breaker().transitionToForcedOpenState();
            d.observe(h.gateway.dataPlane());
            assertThat(d.unhealthySince()).containsOnlyKeys("prod-b");
            ticker.advance(Duration.ofSeconds(30));
            assertThat(d.observe(h.gateway.dataPlane())).containsOnlyKeys("prod-b");

            h.reload(h.yaml("").replace("{name: prod-b, tier: prod,", "{name: prod-b, draining: true, tier: prod,"));
            assertThat(d.observe(h.gateway.dataPlane())).as("draining: out on purpose").isEmpty();
        }
    }
}
