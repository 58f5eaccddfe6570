package io.shopset.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shopset.admin.auth.Tokens;
import io.shopset.gateway.Ticker;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.config.Mappers;
import io.shopset.testkit.StubShopSet;

/**
 * Self-healing in a real gateway process with real stub ShopSets, on an injected clock: a ShopSet
 * whose pods all die is re-homed once it has been down past the grace period, while its shops keep
 * being served; a flapping ShopSet moves nothing; a dead domain with no spare leaves the shops
 * under-replicated and moves nothing.
 */
class SelfHealingTest {

    static final String TOKEN = "self-healing-token-0123456789";

    @TempDir
    Path dir;

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final Ticker ticker = nanos::get;
    final StubShopSet a1 = StubShopSet.start("prod-a", "a1");
    final StubShopSet b1 = StubShopSet.start("prod-b", "b1");
    final StubShopSet c1 = StubShopSet.start("prod-c", "c1");
    GatewayProcess process;
    Cluster admin;

    @AfterEach
    void tearDown() {
        if (process != null) {
            process.close();
        }
        a1.close();
        b1.close();
        c1.close();
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    /** prod-a (dc-a, active checks every 1s, one failure takes a pod out), prod-b (dc-b), optionally prod-c (dc-c). */
    GatewayProcess start(boolean thirdDomain) throws Exception {
        final String yaml = """
                listen: 127.0.0.1:1
                admin: {listen: 127.0.0.1:1}
                stateFile: state.json
                accessLog: {enabled: false}
                platformDomains: [shops.test]
                replicas: 2
                tiers: [{name: prod, level: 30}]
                failureDomains: [{name: dc-a}, {name: dc-b}%s]
                shopsets:
                  - {name: prod-a, tier: prod, failureDomain: dc-a, endpoints: [%s],
                     healthCheck: {path: /healthz, interval: 1s, timeout: 1s, healthyThreshold: 1, unhealthyThreshold: 1}}
                  - {name: prod-b, tier: prod, failureDomain: dc-b, endpoints: [%s]}
                %s
                shops:
                  - {id: alpha, shopsets: [prod-a, prod-b]}
                  - {id: beta, shopsets: [prod-b, prod-a]}
                  - {id: gamma}
                limits:
                  shop: {requestsPerSecond: 100000, burst: 100000, maxConcurrent: 1000}
                  client: {requestsPerSecond: 100000, burst: 100000}
                  clientTotal: {requestsPerSecond: 100000, burst: 100000}
                """.formatted(thirdDomain ? ", {name: dc-c}" : "", a1.endpoint(), b1.endpoint(),
                              thirdDomain ? "  - {name: prod-c, tier: prod, failureDomain: dc-c, endpoints: [" +
                                            c1.endpoint() + "]}" : "");
        final Path file = dir.resolve("shopset.yaml");
        Files.writeString(file, yaml);
        process = new GatewayProcess(file, ConfigLoader.load(file), Tokens.single(TOKEN),
                                     new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0),
                                     ticker, java.time.Clock.systemUTC());
        admin = new Cluster(dir, "file");
        return process;
    }

    Map<String, Long> unhealthy() {
        return process.selfHealing().detector().unhealthySince();
    }

    List<String> placement(String shop) {
        return process.table().current().placements().get(shop);
    }

    JsonNode api(String path) throws Exception {
        final var r = admin.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + process.adminAddress().getPort() + path))
                .header("Authorization", "Bearer " + TOKEN).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return Mappers.json().readTree(r.body());
    }

    String metrics() throws Exception {
        return admin.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + process.adminAddress().getPort() + "/metrics")).build(),
                               java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Waits for a few more rounds of the self-healing loop. */
    void awaitRounds() {
        final long seen = process.selfHealing().detector().observations();
        await().atMost(Duration.ofSeconds(10)).until(() -> process.selfHealing().detector().observations() >= seen + 3);
    }

    @Test
    void aShopSetDownPastTheGracePeriodIsReHomedWhileItsShopsKeepServing() throws Exception {
        start(true);
        assertThat(Cluster.servedBy(process, "alpha.shops.test")).isEqualTo("prod-a");
        final long version = process.table().current().version();
        try (Load load = new Load(process, "alpha.shops.test", "beta.shops.test", "gamma.shops.test")) {
            a1.kill();
            advance(Duration.ofSeconds(1));   // the next active check is due: it fails
            await().atMost(Duration.ofSeconds(10)).until(() -> unhealthy().containsKey("prod-a"));
            final int servedByA = load.servedBy.getOrDefault("prod-a", 0);
            advance(Duration.ofMinutes(1));
            awaitRounds();
            assertThat(process.table().current().version()).as("nothing moves within the grace period").isEqualTo(version);
            assertThat(placement("alpha")).containsExactly("prod-a", "prod-b");

            advance(Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(10)).until(() -> !placement("alpha").contains("prod-a"));
            assertThat(placement("alpha")).containsExactly("prod-b", "prod-c");
            assertThat(placement("beta")).containsExactly("prod-b", "prod-c");
            assertThat(placement("gamma")).doesNotContain("prod-a").hasSize(2);
            assertThat(process.table().current().version()).as("one write").isEqualTo(version + 1);
            final int served = load.ok.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> load.ok.get() > served + 30);
            load.stop();
            assertThat(load.failures).as("no request failed").isEmpty();
            assertThat(load.servedBy.getOrDefault("prod-a", 0)).as("nothing reached the dead ShopSet")
                                                             .isEqualTo(servedByA);
            assertThat(load.servedBy.get("prod-b")).isPositive();
        }
        final JsonNode audit = api("/api/v1/audit?limit=1").get(0);
        assertThat(audit.get("who").asText()).isEqualTo("self-healing");
        assertThat(audit.get("what").asText()).isEqualTo("rehome");
        assertThat(audit.get("target").asText()).isEqualTo("shopset/prod-a");
        assertThat(audit.at("/after/reason").asText()).isEqualTo("rehome: prod-a unhealthy for 2m");
        assertThat(audit.at("/after/moves")).hasSize(3);
        assertThat(audit.at("/before/placements/alpha").toString()).isEqualTo("[\"prod-a\",\"prod-b\"]");
        final JsonNode table = api("/api/v1/routing-table");
        assertThat(table.at("/underReplicated/count").asInt()).isZero();
        assertThat(table.at("/underReplicated/failedShopSets").toString()).isEqualTo("[\"prod-a\"]");
        assertThat(metrics()).contains("shopset_shops_under_replicated 0.0");
        // The recovered ShopSet is healthy and empty: rebalance fills it again (dry run here).
        a1.restart();
        advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> unhealthy().isEmpty());
        final var plan = admin.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + process.adminAddress().getPort() + "/api/v1/rebalance"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"dryRun\":true,\"maxTrafficShare\":1}")).build(),
                                     java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(plan.statusCode()).isEqualTo(200);
        assertThat(Mappers.json().readTree(plan.body()).get("moves").findValuesAsText("to")).as(plan.body())
                                                                              .contains("prod-a");
    }

    @Test
    void aFlappingShopSetMovesNothing() throws Exception {
        start(true);
        final long version = process.table().current().version();
        a1.kill();
        advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> unhealthy().containsKey("prod-a"));
        advance(Duration.ofSeconds(90));
        awaitRounds();
        a1.restart();
        advance(Duration.ofSeconds(1));   // the next probe is due: it passes
        await().atMost(Duration.ofSeconds(10)).until(() -> !unhealthy().containsKey("prod-a"));
        a1.kill();
        advance(Duration.ofSeconds(1));   // the next probe fails
        await().atMost(Duration.ofSeconds(10)).until(() -> unhealthy().containsKey("prod-a"));
        advance(Duration.ofSeconds(90));  // 3 minutes since it first went down, 90 s since it last was healthy
        awaitRounds();

        assertThat(process.selfHealing().detector().failed()).isEmpty();
        assertThat(process.table().current().version()).isEqualTo(version);
        assertThat(placement("alpha")).containsExactly("prod-a", "prod-b");
        assertThat(Cluster.servedBy(process, "alpha.shops.test")).isEqualTo("prod-b");
    }

    @Test
    void aDeadDomainWithNoSpareLeavesShopsUnderReplicatedAndMovesNothing() throws Exception {
        start(false);
        final long version = process.table().current().version();
        a1.kill();
        advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> unhealthy().containsKey("prod-a"));
        advance(Duration.ofMinutes(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> process.selfHealing().underReplicated() == 3);
        awaitRounds();

        assertThat(process.table().current().version()).as("no write").isEqualTo(version);
        assertThat(placement("alpha")).containsExactly("prod-a", "prod-b");
        assertThat(metrics()).contains("shopset_shops_under_replicated 3.0");
        final JsonNode table = api("/api/v1/routing-table");
        assertThat(table.at("/underReplicated/count").asInt()).isEqualTo(3);
        assertThat(table.at("/underReplicated/shops").toString()).isEqualTo("[\"alpha\",\"beta\",\"gamma\"]");
        final JsonNode explain = api("/api/v1/explain?host=alpha.shops.test");
        assertThat(explain.get("underReplicated").asBoolean()).isTrue();
        assertThat(explain.at("/candidates/0/reason").asText()).contains("failed (unhealthy for 3m")
                                                               .contains("under-replicated");
        assertThat(explain.get("chosen").asText()).isEqualTo("prod-b");
        assertThat(api("/api/v1/audit").findValuesAsText("what")).doesNotContain("rehome");
        assertThat(Cluster.servedBy(process, "beta.shops.test")).isEqualTo("prod-b");
    }

    /** GETs to some hosts from a few threads until stopped, recording failures and who served. */
    static final class Load implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger ok = new AtomicInteger();
        final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Map<String, Integer> servedBy = new ConcurrentHashMap<>();
        final List<Thread> threads = new java.util.ArrayList<>();

        Load(GatewayProcess p, String... hosts) {
            for (String host : hosts) {
                final Thread t = new Thread(() -> {
                    while (running.get()) {
                        try {
                            final String by = Cluster.servedBy(p, host);
                            if (by.startsWith("status")) {
                                failures.add(host + ": " + by);
                            } else {
                                ok.incrementAndGet();
                                servedBy.merge(by, 1, Integer::sum);
                            }
                        } catch (Exception e) {
                            failures.add(host + ": " + e);
                        }
                    }
                }, "load-" + host);
                t.start();
                threads.add(t);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
