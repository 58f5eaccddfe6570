package io.shopset.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.shopset.routing.store.redis.RedisRoutingStore;
import io.shopset.testkit.RedisServer;

/** Two gateway processes sharing one real Redis, with real proxied requests to stub ShopSets. */
class RedisReplicasTest {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @TempDir
    Path dir;

    @BeforeEach
    void cleanRedis() throws Exception {
        redis.start();
        redis.flushAll();
    }

    @Test
    void isolateThroughReplicaOne_replicaTwoRoutesTheShopToTheDedicatedShopSetWithinOneSecond() throws Exception {
        try (Cluster c = new Cluster(dir, redis.uri())) {
            final GatewayProcess one = c.start("one");
            final GatewayProcess two = c.start("two");
            assertThat(Cluster.servedBy(two, "alpha.shops.test")).isEqualTo("prod-a");

            final HttpResponse<String> r = c.admin(one, "POST", "/api/v1/shops/alpha/isolate", "{\"shopset\":\"vip-1\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            final long written = System.nanoTime();

            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                   .until(() -> Cluster.servedBy(two, "www.alpha.example").equals("vip-1"));
            assertThat(Duration.ofNanos(System.nanoTime() - written)).isLessThan(Duration.ofSeconds(1));
            assertThat(Cluster.servedBy(one, "alpha.shops.test")).isEqualTo("vip-1");

            // And back, through replica two this time.
            assertThat(c.admin(two, "POST", "/api/v1/shops/alpha/restore", null).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                   .until(() -> Cluster.servedBy(one, "alpha.shops.test").equals("prod-a"));
            assertThat(c.admin(two, "GET", "/api/v1/audit", null).body()).contains("\"what\":\"isolate\"",
                                                                                     "\"what\":\"restore\"");
        }
    }

    @Test
    void concurrentWritesThroughTwoReplicas_conflictingOnesGetExactlyOne409AndNoUpdateIsLost() throws Exception {
        try (Cluster c = new Cluster(dir, redis.uri())) {
            final GatewayProcess one = c.start("one");
            final GatewayProcess two = c.start("two");
            final String etag = c.admin(one, "GET", "/api/v1/shops/alpha", null).headers().firstValue("ETag")
                                 .orElseThrow();
            final ExecutorService pool = Executors.newFixedThreadPool(4);
            final CountDownLatch go = new CountDownLatch(1);
            try {
                final List<Future<Integer>> conflicting = new ArrayList<>();
                final List<Future<Integer>> unrelated = new ArrayList<>();
                for (GatewayProcess p : List.of(one, two)) {
                    final String host = "via-" + p.adminAddress().getPort() + ".example";
                    conflicting.add(pool.submit(() -> {
                        go.await();
                        return putShop(c, p, "alpha", "{\"hosts\":[\"" + host + "\"],\"shopsets\":[\"prod-a\"]}",
                                       etag);
                    }));
                    for (int i = 0; i < 3; i++) {
                        final String id = "new-" + p.adminAddress().getPort() + "-" + i;
                        unrelated.add(pool.submit(() -> {
                            go.await();
                            return putShop(c, p, id, "{}", null);
                        }));
                    }
                }
                go.countDown();
                final List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : conflicting) {
                    statuses.add(f.get());
                }
                assertThat(statuses).containsExactlyInAnyOrder(200, 409);
                for (Future<Integer> f : unrelated) {
                    assertThat(f.get()).isEqualTo(201);
                }
            } finally {
                pool.shutdownNow();
            }
            await().atMost(Duration.ofSeconds(1)).until(() ->
                    one.store().current().version() == two.store().current().version());
            assertThat(one.store().current().state().shops()).hasSize(3 + 6);
            assertThat(two.table().current().shopCount()).isEqualTo(9);
        }
    }

    private static int putShop(Cluster c, GatewayProcess p, String id, String body, String ifMatch) throws Exception {
        final var req = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + p.adminAddress().getPort() + "/api/v1/shops/" + id))
                .header("Authorization", "Bearer " + Cluster.TOKEN)
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            req.header("If-Match", ifMatch);
        }
        return c.http.send(req.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void replicasKeepServingWhileRedisRestartsAndResyncAfter() throws Exception {
        try (Cluster c = new Cluster(dir, redis.uri())) {
            final GatewayProcess one = c.start("one");
            final GatewayProcess two = c.start("two");
            assertThat(c.admin(one, "POST", "/api/v1/shops/beta/isolate", "{\"shopset\":\"vip-1\"}").statusCode())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(1)).until(() -> Cluster.servedBy(two, "beta.shops.test").equals("vip-1"));

            final AtomicBoolean running = new AtomicBoolean(true);
            final AtomicInteger failures = new AtomicInteger();
            final AtomicInteger served = new AtomicInteger();
            final Thread load = new Thread(() -> {
                while (running.get()) {
                    try {
                        if (!Cluster.servedBy(two, "beta.shops.test").equals("vip-1")
                            || !Cluster.servedBy(one, "alpha.shops.test").equals("prod-a")) {
                            failures.incrementAndGet();
                        }
                        served.incrementAndGet();
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            });
            load.start();
            try {
                redis.stop();
                final int before = served.get();
                await().atMost(Duration.ofSeconds(5)).until(() -> served.get() > before + 20);
                assertThat(c.admin(one, "POST", "/api/v1/shops/gamma/isolate", "{\"shopset\":\"vip-1\"}")
                            .statusCode()).isEqualTo(503);
                redis.start();
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        ((RedisRoutingStore) one.store()).connected() && ((RedisRoutingStore) two.store()).connected()
                        && c.admin(one, "POST", "/api/v1/shops/gamma/isolate", "{\"shopset\":\"vip-1\"}")
                            .statusCode() == 200);
                await().atMost(Duration.ofSeconds(1)).until(() -> Cluster.servedBy(two, "gamma.shops.test")
                                                                         .equals("vip-1"));
            } finally {
                running.set(false);
                load.join();
            }
            assertThat(failures.get()).isZero();
            // The admin change made before the restart survived it (Redis was reseeded from a replica).
            assertThat(Cluster.servedBy(two, "beta.shops.test")).isEqualTo("vip-1");
        }
    }

    @Test
    void topShopsOnAnyReplicaMergesEveryReplicasBusiestShops() throws Exception {
        try (Cluster c = new Cluster(dir, redis.uri())) {
            final GatewayProcess one = c.start("one");
            final GatewayProcess two = c.start("two");
            final AtomicBoolean running = new AtomicBoolean(true);
            final AtomicInteger failures = new AtomicInteger();
            // alpha only through replica one, beta only through replica two.
            final Thread load = new Thread(() -> {
                while (running.get()) {
                    try {
                        if (Cluster.servedBy(one, "alpha.shops.test").startsWith("status")
                            || Cluster.servedBy(two, "beta.shops.test").startsWith("status")) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            });
            load.start();
            try {
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    for (GatewayProcess p : List.of(one, two)) {
                        final HttpResponse<String> top = c.admin(p, "GET", "/api/v1/top-shops?n=5", null);
                        assertThat(top.statusCode()).isEqualTo(200);
                        assertThat(top.body()).contains("\"shop\":\"alpha\"", "\"shop\":\"beta\"");
                    }
                });
            } finally {
                running.set(false);
                load.join();
            }
            assertThat(failures.get()).isZero();
            final String body = c.admin(one, "GET", "/api/v1/top-shops?n=1", null).body();
            assertThat(body).startsWith("[{\"shop\":").doesNotContain("},{");
        }
    }

    @Test
    void aReplicaStartedWhileRedisIsDownServesItsLastGoodSnapshot() throws Exception {
        try (Cluster c = new Cluster(dir, redis.uri())) {
            final GatewayProcess one = c.start("one");
            assertThat(c.admin(one, "POST", "/api/v1/shops/alpha/isolate", "{\"shopset\":\"vip-1\"}").statusCode())
                    .isEqualTo(200);
            one.close();
            c.processes.remove(one);
            redis.stop();

            final GatewayProcess again = c.start("one");

            assertThat(Cluster.servedBy(again, "alpha.shops.test")).isEqualTo("vip-1");
            assertThat(c.admin(again, "GET", "/readyz", null).statusCode()).isEqualTo(200);
        }
    }
}
