package io.shopset.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopset.gateway.FakeTicker;
import io.shopset.gateway.metrics.RateLimitMeters;
import io.shopset.gateway.metrics.ThrottleMeters;
import io.shopset.gateway.policy.ClusterView;
import io.shopset.gateway.policy.HeavyHitters;
import io.shopset.gateway.policy.ShopLimiter;
import io.shopset.gateway.policy.ShopShare;
import io.shopset.gateway.policy.TenantThrottle;
import io.shopset.gateway.policy.ThrottleResult;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.model.DefaultLimits;
import io.shopset.routing.model.Limits;
import io.shopset.testkit.RedisServer;

/**
 * Two replicas' syncs sharing a real Redis, on an injected clock: shares follow demand, only shops
 * with traffic are reported, Redis down means limit ÷ replicas, and the shares come back with Redis.
 */
class ShopRateSyncTest {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    static final Limits OPEN = new Limits(1e9, 1_000_000_000, null);
    static final DefaultLimits DEFAULTS = new DefaultLimits(OPEN, OPEN, OPEN);
    static final ShopRoute ALPHA = new ShopRoute("alpha", "production", "prod", List.of(), false,
                                                 new Limits(100.0, 100, null), 1);
    static final Map<String, Limits> LIMITS = Map.of("alpha", ALPHA.limits(), "beta", new Limits(1000.0, 1000, null));

    static final Duration FALLBACK_AFTER = Duration.ofMillis(100);

    final FakeTicker ticker = new FakeTicker();
    final ClusterKeys keys = new ClusterKeys(ClusterKeys.PREFIX);
    final Replica one = new Replica("one");
    final Replica two = new Replica("two");

    /** One replica: its throttle, its sync, its own connection. */
    final class Replica {
        final TenantThrottle throttle = new TenantThrottle(1024, ticker, new ThrottleMeters(new SimpleMeterRegistry()),
                                                           new HeavyHitters());
        final RateLimitMeters meters = new RateLimitMeters(new SimpleMeterRegistry(), () -> 0, () -> 0);
        // A generous command timeout: the machine is shared; the fallback's own delay is on the fake clock.
        final RedisLink link = new RedisLink(redis.uri(), Duration.ofSeconds(1));
        final ShopRateSync sync;
        final ThrottleResult out = new ThrottleResult();
        int allowed;

        Replica(String id) {
            sync = new ShopRateSync(link, keys, id, throttle, LIMITS::get, ticker, meters, FALLBACK_AFTER, 1);
        }

        void send(ShopRoute shop, int n) {
            for (int i = 0; i < n; i++) {
                if (throttle.check(shop, DEFAULTS, i, false, out)) {
                    allowed++;
                }
            }
        }

        double localRate(String shop) {
            final ShopLimiter[] found = new ShopLimiter[1];
            throttle.forEachShop((id, l) -> {
                if (id.equals(shop)) {
                    found[0] = l;
                }
            });
            final ClusterView v = throttle.clusterView();
            final ShopShare s = found[0].share();
            return v.fallback() || s == null ? LIMITS.get(shop).requestsPerSecond() / v.replicas()
                    : s.localRate(LIMITS.get(shop).requestsPerSecond());
        }
    }

    @BeforeEach
    void freshRedis() throws Exception {
        redis.start();
        redis.flushAll();
        assertThat(one.link.warmUp(Duration.ofSeconds(10))).isTrue();
        assertThat(two.link.warmUp(Duration.ofSeconds(10))).isTrue();
    }

    @AfterEach
    void close() {
        one.link.close();
        two.link.close();
    }

    /** {@code seconds} of fake time in 20 ms syncs: 30 requests per sync at one, 10 at two (1500 and 500 req/s). */
    void flood(double seconds) {
        for (int step = 0; step < seconds * 50; step++) {
            one.send(ALPHA, 30);
            two.send(ALPHA, 10);
            ticker.advance(Duration.ofMillis(20));
            assertThat(one.sync.tick()).isTrue();
            assertThat(two.sync.tick()).isTrue();
        }
    }

    @Test
    void sharesFollowEachReplicasDemandAndAddUpToTheLimit() throws Exception {
        flood(3);
        assertThat(one.sync.replicas()).isEqualTo(2);
        assertThat(two.sync.replicas()).isEqualTo(2);
        assertThat(one.localRate("alpha")).isCloseTo(75, within(2.0));
        assertThat(two.localRate("alpha")).isCloseTo(25, within(2.0));
        assertThat(one.localRate("alpha") + two.localRate("alpha")).isCloseTo(100, within(1.0));

        one.allowed = 0;
        two.allowed = 0;
        flood(4);
        assertThat(one.allowed + two.allowed).as("admitted over 4 s at 2000 req/s offered").isBetween(390, 410);
        assertThat(one.allowed).isBetween(285, 315);

        // Only shops with traffic are reported.
        assertThat(redis.command("EXISTS", keys.demand("alpha"))).isEqualTo(":1");
        assertThat(redis.command("EXISTS", keys.demand("beta"))).isEqualTo(":0");
        assertThat(redis.command("HLEN", keys.demand("alpha"))).isEqualTo(":2");
    }

    @Test
    void aShopThatGoesQuietWithdrawsItsReport() throws Exception {
        flood(1);
        assertThat(redis.command("HLEN", keys.demand("alpha"))).isEqualTo(":2");
        // One's demand decays (time constant 0.5 s) below the quiet threshold within about 5 s.
        for (int step = 0; step < 7 * 50; step++) {
            two.send(ALPHA, 10);
            ticker.advance(Duration.ofMillis(20));
            one.sync.tick();
            two.sync.tick();
        }
        assertThat(redis.command("HLEN", keys.demand("alpha"))).as("only two still reports").isEqualTo(":1");
        assertThat(two.localRate("alpha")).as("two alone: the whole limit").isCloseTo(100, within(1.0));
    }

    @Test
    void redisDownMeansLimitOverReplicasAndTheSharesComeBackWithRedis() throws Exception {
        flood(2);
        assertThat(one.localRate("alpha")).isGreaterThan(70);

        redis.stop();
        final double before = one.localRate("alpha");
        assertThat(one.sync.tick()).isFalse();
        assertThat(one.sync.fallback()).as("one failed sync keeps the shares").isFalse();
        assertThat(one.localRate("alpha")).isEqualTo(before);
        for (int step = 0; step < 5; step++) {
            ticker.advance(Duration.ofMillis(20));
            assertThat(one.sync.tick()).isFalse();
            assertThat(two.sync.tick()).isFalse();
        }
        assertThat(one.sync.fallback()).as("failing for 100 ms of the injected clock").isTrue();
        assertThat(one.throttle.clusterView()).isEqualTo(new ClusterView(true, 2));
        assertThat(one.localRate("alpha")).as("100 / 2 replicas").isEqualTo(50);
        one.allowed = 0;
        for (int step = 0; step < 5 * 50; step++) {
            one.send(ALPHA, 30);
            ticker.advance(Duration.ofMillis(20));
            one.sync.tick();
        }
        // 5 s at 50 req/s, plus what the bucket refilled in the 100 ms nothing was sent (5).
        assertThat(one.allowed).as("5 s at 50 req/s").isBetween(254, 256);
        assertThat(one.meters.fallbacks()).as("one switch, however many failed syncs").isEqualTo(1);

        redis.start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
               .until(() -> one.sync.tick() & two.sync.tick());
        flood(1);
        assertThat(one.sync.fallback()).isFalse();
        assertThat(one.throttle.clusterView()).isEqualTo(new ClusterView(false, 2));
        assertThat(one.localRate("alpha") + two.localRate("alpha")).isCloseTo(100, within(1.0));
        assertThat(one.localRate("alpha")).isGreaterThan(70);
        assertThat(one.meters.fallbacks()).isEqualTo(1);
    }
}
