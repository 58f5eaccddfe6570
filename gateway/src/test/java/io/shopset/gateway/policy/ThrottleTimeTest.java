package io.shopset.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopset.gateway.FakeTicker;
import io.shopset.gateway.Ticker;
import io.shopset.gateway.metrics.ThrottleMeters;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.model.DefaultLimits;
import io.shopset.routing.model.Limits;

/**
 * The time a decision is made at: the caller's {@code System.nanoTime()} when the throttle runs on
 * the system ticker, the throttle's own ticker otherwise.
 */
class ThrottleTimeTest {

    static final Limits OPEN = new Limits(1e9, 1_000_000_000, null);
    static final DefaultLimits DEFAULTS = new DefaultLimits(OPEN, OPEN, OPEN);
    /** 10 requests per second, burst 5: a full bucket takes 0.5 s to refill. */
    static final ShopRoute SHOP = new ShopRoute("alpha", "production", "prod", List.of(), false,
                                                new Limits(10.0, 5, null), 7);

    final ThrottleResult out = new ThrottleResult();

    static TenantThrottle throttle(Ticker ticker) {
        return new TenantThrottle(1024, ticker, new ThrottleMeters(new SimpleMeterRegistry()), new HeavyHitters());
    }

    @Test
    void onTheSystemTickerTheDecisionIsAtTheTimeTheCallerPasses() {
        final TenantThrottle throttle = throttle(Ticker.SYSTEM);
        final long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.check(SHOP, DEFAULTS, i, false, start, out)).as("request %d of the burst", i).isTrue();
        }
        assertThat(throttle.check(SHOP, DEFAULTS, 9, false, start, out)).isFalse();
        assertThat(out.scope()).isEqualTo(ThrottleScope.SHOP);

        // Half a second later by the caller's clock (whatever the system clock says now): refilled.
        final long later = start + Duration.ofMillis(500).toNanos();
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.check(SHOP, DEFAULTS, i, false, later, out)).as("request %d after refill", i).isTrue();
        }
        assertThat(throttle.check(SHOP, DEFAULTS, 9, false, later, out)).isFalse();
    }

    @Test
    void onAnyOtherTickerThePassedTimeIsIgnoredAndTheTickerRead() {
        final FakeTicker ticker = new FakeTicker();
        final TenantThrottle throttle = throttle(ticker);
        final long farAhead = ticker.nanos() + Duration.ofHours(1).toNanos();
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.check(SHOP, DEFAULTS, i, false, farAhead + i, out)).isTrue();
        }
        // Were the passed time used, an hour would have refilled the bucket.
        assertThat(throttle.check(SHOP, DEFAULTS, 9, false, farAhead + Duration.ofHours(1).toNanos(), out)).isFalse();
        assertThat(out.retryAfterSeconds()).isEqualTo(1);

        ticker.advance(Duration.ofMillis(100));
        assertThat(throttle.check(SHOP, DEFAULTS, 9, false, 0, out)).as("one interval later by the ticker").isTrue();
        assertThat(throttle.check(SHOP, DEFAULTS, 9, false, 0, out)).isFalse();
    }
}
