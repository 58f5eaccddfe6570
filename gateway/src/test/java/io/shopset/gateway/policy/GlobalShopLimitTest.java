package io.shopset.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopset.gateway.FakeTicker;
import io.shopset.gateway.metrics.ThrottleMeters;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.model.DefaultLimits;
import io.shopset.routing.model.Limits;

/** The throttle's side of global shop limits, on an injected clock: shares, fallback, burst. */
class GlobalShopLimitTest {

    static final Limits OPEN = new Limits(1e9, 1_000_000_000, null);
    static final DefaultLimits DEFAULTS = new DefaultLimits(OPEN, OPEN, OPEN);

    final FakeTicker ticker = new FakeTicker();
    final TenantThrottle throttle = new TenantThrottle(1024, ticker, new ThrottleMeters(new SimpleMeterRegistry()),
                                                       new HeavyHitters());
    final ThrottleResult out = new ThrottleResult();
    /** 100 requests per second, burst 50. */
    final ShopRoute alpha = new ShopRoute("alpha", "production", "prod", List.of(), false, new Limits(100.0, 50, null), 7);

    /** Sends {@code perMilli} requests every millisecond for {@code millis}; returns how many passed. */
    int flood(int millis, int perMilli) {
        int allowed = 0;
        for (int ms = 0; ms < millis; ms++) {
            for (int i = 0; i < perMilli; i++) {
                if (throttle.check(alpha, DEFAULTS, 42 + i, false, out)) {
                    allowed++;
                }
            }
            ticker.advance(Duration.ofMillis(1));
        }
        return allowed;
    }

    @Test
    void aShareOfTheLimitGivesThatRateAndThatPartOfTheBurst() {
        throttle.clusterView(new ClusterView(false, 2));
        // This replica: 1500 of the shop's 2000 req/s over its limit of 100 → 75 req/s and 3/4 of the burst.
        throttle.shop("alpha").share(new ShopShare(1500, 2000, 2));
        int burst = 0;
        while (throttle.check(alpha, DEFAULTS, 1, false, out)) {
            burst++;
        }
        assertThat(burst).isBetween(37, 38);
        assertThat(out.scope()).isEqualTo(ThrottleScope.SHOP);
        assertThat(out.limitPerSecond()).as("RateLimit-Policy names the shop's whole limit").isEqualTo(100);
        assertThat(flood(10_000, 3)).isBetween(749, 751);
    }

    @Test
    void withoutAShareYetOrInFallbackTheLimitIsSplitEvenlyByTheReplicas() {
        throttle.clusterView(new ClusterView(false, 4));
        flood(2_000, 1);  // empty the bucket
        assertThat(flood(10_000, 1)).as("no share yet: 100 / 4 replicas").isBetween(249, 251);

        throttle.shop("alpha").share(new ShopShare(900, 1000, 2));
        throttle.clusterView(new ClusterView(true, 2));
        assertThat(flood(10_000, 1)).as("fallback ignores the share: 100 / 2").isBetween(499, 501);

        throttle.clusterView(new ClusterView(false, 2));
        assertThat(flood(10_000, 1)).as("live share: 100 * 900 / 1000").isBetween(899, 901);
    }

    @Test
    void aShareThatGrowsRaisesTheRateButReleasesNoStoredBurst() {
        throttle.clusterView(new ClusterView(false, 2));
        final ShopLimiter shop = throttle.shop("alpha");
        shop.share(new ShopShare(250, 1000, 2));   // 25 req/s here, a burst of 12.5
        flood(3_000, 5);                           // the bucket is empty
        shop.share(new ShopShare(1000, 1000, 1));  // the whole limit: 100 req/s, burst 50
        int atOnce = 0;
        for (int i = 0; i < 100; i++) {
            if (throttle.check(alpha, DEFAULTS, i, false, out)) {
                atOnce++;
            }
        }
        // The bucket's depth in time is the same (burst / limit): under the flood it held less than
        // one request at the old rate, which is at most 4 at the new one — not 50 - 12.5.
        assertThat(atOnce).isLessThanOrEqualTo(4);
        assertThat(flood(1_000, 5)).isBetween(99, 101);
    }

    @Test
    void demandIsCountedOnlyWithGlobalLimits() {
        throttle.check(alpha, DEFAULTS, 1, false, out);
        assertThat(throttle.shop("alpha").demand()).isZero();
        throttle.clusterView(new ClusterView(false, 1));
        final int allowed = flood(100, 10);
        assertThat(throttle.shop("alpha").demand()).as("every request that reached the shop's rate check")
                                                  .isEqualTo(1000);
        assertThat(allowed).isLessThan(1000);
    }

    @Test
    void aShopWithoutARateLimitIsNotShared() {
        final ShopRoute unlimited = new ShopRoute("free", "production", "prod", List.of(), false,
                                                  new Limits(null, null, null), 9);
        throttle.clusterView(new ClusterView(true, 3));
        for (int i = 0; i < 10_000; i++) {
            assertThat(throttle.check(unlimited, DEFAULTS, i, false, out)).isTrue();
        }
        assertThat(throttle.shop("free").demand()).isZero();
    }
}
