package io.shopset.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.shopset.gateway.FakeTicker;
import io.shopset.gateway.policy.HeavyHitters.ShopRate;
import io.shopset.testkit.RedisServer;

/** Merged heavy hitters of replicas sharing a real Redis. */
class ClusterTopShopsTest {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    final FakeTicker ticker = new FakeTicker();
    final ClusterKeys keys = new ClusterKeys(ClusterKeys.PREFIX);
    final RedisLink link1 = new RedisLink(redis.uri(), Duration.ofSeconds(1));
    final RedisLink link2 = new RedisLink(redis.uri(), Duration.ofSeconds(1));
    final List<ShopRate> local1 = List.of(new ShopRate("alpha", 900), new ShopRate("beta", 50), new ShopRate("gamma", 5));
    final List<ShopRate> local2 = List.of(new ShopRate("beta", 700), new ShopRate("alpha", 20));
    final ClusterTopShops one = new ClusterTopShops(link1, keys, "one", n -> local1.subList(0, Math.min(n, 3)), ticker);
    final ClusterTopShops two = new ClusterTopShops(link2, keys, "two", n -> local2.subList(0, Math.min(n, 2)), ticker);

    @BeforeEach
    void replicasAlive() throws Exception {
        redis.start();
        redis.flushAll();
        assertThat(link1.warmUp(Duration.ofSeconds(10))).isTrue();
        assertThat(link2.warmUp(Duration.ofSeconds(10))).isTrue();
        heartbeat("one");
        heartbeat("two");
    }

    @AfterEach
    void close() {
        link1.close();
        link2.close();
    }

    /** What a sync does for the replica: its heartbeat, on the same host's clock as Redis's. */
    void heartbeat(String id) throws Exception {
        redis.command("ZADD", keys.replicas, Long.toString(System.currentTimeMillis()), id);
    }

    @Test
    void eachReplicaServesTheSumOfEveryReplicasRates() {
        assertThat(one.publish()).isTrue();
        assertThat(two.publish()).isTrue();
        assertThat(one.publish()).isTrue();
        assertThat(one.top(10)).containsExactly(new ShopRate("alpha", 920), new ShopRate("beta", 750),
                                                new ShopRate("gamma", 5));
        assertThat(one.top(2)).containsExactly(new ShopRate("alpha", 920), new ShopRate("beta", 750));
    }

    @Test
    void aReplicaThatLeftNoLongerCounts() throws Exception {
        two.publish();
        redis.command("ZREM", keys.replicas, "two");
        one.publish();
        assertThat(one.top(10)).containsExactly(new ShopRate("alpha", 900), new ShopRate("beta", 50),
                                                new ShopRate("gamma", 5));
    }

    @Test
    void whileRedisIsAwayAReplicaServesItsOwnView() {
        two.publish();
        one.publish();
        assertThat(one.top(1)).containsExactly(new ShopRate("alpha", 920));
        redis.stop();
        assertThat(one.publish()).isFalse();
        assertThat(one.top(1)).as("the merged view is still fresh").containsExactly(new ShopRate("alpha", 920));
        ticker.advance(Duration.ofSeconds(4));
        assertThat(one.top(1)).as("older than 3 s: this replica's own").containsExactly(new ShopRate("alpha", 900));
    }
}
