package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.shopset.testkit.StubShopSet;

/** Failure-domain-aware failover with real stub ShopSets that die and come back. */
class FailoverTest {

    /** Generous retry floor: these tests kill upstreams under a few concurrent clients. */
    static final String RETRIES = "retries: {minConcurrent: 16}\n";

    @Test
    void killingOneEndpointFailsNoGet() throws Exception {
        try (GatewayHarness h = new GatewayHarness(RETRIES); Load load = new Load(h, "alpha.shops.test", 4)) {
            load.awaitServed(50);
            final StubShopSet home = h.a1.endpointName().equals(load.lastEndpoint.get()) ? h.a1 : h.a2;
            home.close();
            final int at = load.served.get();
            load.awaitServed(at + 200);
            load.stop();
            assertThat(load.failures).isEmpty();
            assertThat(load.lastShopSet.get()).isEqualTo("prod-a");
        }
    }

    @Test
    void killingAWholeShopSetMovesTrafficToTheOtherFailureDomain() throws Exception {
        try (GatewayHarness h = new GatewayHarness(RETRIES); Load load = new Load(h, "alpha.shops.test", 4)) {
            load.awaitServed(50);
            assertThat(load.lastShopSet.get()).isEqualTo("prod-a");
            final long killedAt = System.nanoTime();
            h.a1.close();
            h.a2.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.firstSeen.containsKey("prod-b"));
            final long movedMs = (load.firstSeen.get("prod-b") - killedAt) / 1_000_000;
            final int at = load.served.get();
            load.awaitServed(at + 200);
            load.stop();
            System.out.printf("traffic moved to the other failure domain %d ms after the ShopSet died%n", movedMs);
            assertThat(load.failures).isEmpty();
            assertThat(load.lastShopSet.get()).isEqualTo("prod-b");
            assertThat(h.counter("shopset.failovers")).isPositive();
        }
    }

    @Test
    void aShopSetThatComesBackIsUsedAgainAfterItsHealthyThreshold() throws Exception {
        final String extra = RETRIES + "outlierDetection: {baseEjectionTime: 100ms}\n";
        try (GatewayHarness h = new GatewayHarness(extra)) {
            h.reload(h.yaml(extra).replace("{name: prod-a, tier: prod,",
                    "{name: prod-a, healthCheck: {path: /healthz, interval: 50ms, timeout: 500ms, " +
                    "healthyThreshold: 2, unhealthyThreshold: 1}, tier: prod,"));
            final int p1 = h.a1.port();
            final int p2 = h.a2.port();
            try (Load load = new Load(h, "alpha.shops.test", 2)) {
                load.awaitServed(20);
                h.a1.close();
                h.a2.close();
                await().atMost(Duration.ofSeconds(30)).until(() -> h.gateway.health().find("prod-a", ep(p1)) != null
                        && !h.gateway.health().find("prod-a", ep(p1)).activeHealthy()
                        && !h.gateway.health().find("prod-a", ep(p2)).activeHealthy());
                final int servedBefore = load.served.get();
                await().atMost(Duration.ofSeconds(30)).until(() -> load.served.get() > servedBefore + 10);
                assertThat(load.lastShopSet.get()).isEqualTo("prod-b");
                final StubShopSet back1 = StubShopSet.start("prod-a", "a1", "127.0.0.1", p1);
                final StubShopSet back2 = StubShopSet.start("prod-a", "a2", "127.0.0.1", p2);
                try {
                    await().atMost(Duration.ofSeconds(30)).until(() -> "prod-a".equals(load.lastShopSet.get()));
                    load.stop();
                    assertThat(load.failures).isEmpty();
                } finally {
                    back1.close();
                    back2.close();
                }
            }
        }
    }

    @Test
    void aPostThatReachedAnUpstreamIsNeverReplayedButAGetIs() throws Exception {
        try (BlackHole hole = new BlackHole(); GatewayHarness h = new GatewayHarness()) {
            h.reload(h.yaml("", "127.0.0.1:" + hole.port(), h.b1.endpoint()));
            try (RawHttp c = h.connect()) {
                final RawHttp.Response post = c.send("POST /order HTTP/1.1\r\nHost: alpha.shops.test\r\n" +
                                                     "Content-Length: 5\r\n\r\nhello").read();
                assertThat(post.status()).isEqualTo(502);
                assertThat(post.bodyText()).contains("upstream_reset");
            }
            await().until(() -> hole.requests.get() == 1);
            assertThat(h.b1.requests()).noneMatch(r -> r.method().equals("POST"));

            final RawHttp.Response get = h.get("alpha.shops.test", "/catalog");
            assertThat(get.status()).isEqualTo(200);
            assertThat(get.header("X-ShopSet")).isEqualTo("prod-b");
            assertThat(hole.requests.get()).isEqualTo(2);
            assertThat(h.counter("shopset.upstream.retries", "reason", "reset")).isEqualTo(1);
        }
    }

    @Test
    void theRetryBudgetCapsRetriesDuringAFullOutage() throws Exception {
        final String extra = "retries: {budgetPercent: 20, minConcurrent: 1}\n" +
                             "outlierDetection: {consecutiveFailures: 1000000}\n" +
                             "circuitBreaker: {minimumCalls: 1000000}\n";
        try (GatewayHarness h = new GatewayHarness(extra)) {
            final int clients = 16;
            final int perClient = 40;
            final List<Thread> threads = new ArrayList<>();
            final AtomicInteger non503 = new AtomicInteger();
            for (int t = 0; t < clients; t++) {
                final Thread th = new Thread(() -> {
                    try (RawHttp c = h.connect()) {
                        for (int i = 0; i < perClient; i++) {
                            if (c.send(RawHttp.get("alpha.shops.test", "/status/503")).read().status() != 503) {
                                non503.incrementAndGet();
                            }
                        }
                    } catch (IOException e) {
                        non503.incrementAndGet();
                    }
                });
                th.start();
                threads.add(th);
            }
            for (Thread th : threads) {
                th.join();
            }
            final int requests = clients * perClient;
            final int attempts = h.a1.requestsServed() + h.a2.requestsServed() + h.b1.requestsServed();
            System.out.printf("full outage: %d requests made %d upstream attempts (%.2f each; 3 without a budget)%n",
                              requests, attempts, (double) attempts / requests);
            assertThat(non503.get()).isZero();
            assertThat((double) attempts / requests).isLessThan(1.6);
            assertThat(h.counter("shopset.retry.budget.exhausted")).isPositive();
        }
    }

    @Test
    void preferLocalFailureDomainSendsToTheLocalShopSetFirst() throws Exception {
        try (GatewayHarness h = new GatewayHarness("gatewayFailureDomain: dc-b\npreferLocalFailureDomain: true\n")) {
            assertThat(h.get("alpha.shops.test", "/").header("X-ShopSet")).isEqualTo("prod-b");
            assertThat(h.get("vip.shops.test", "/").header("X-ShopSet")).isEqualTo("vip-1");
        }
    }

    @Test
    void anOpenCircuitSkipsTheShopSetUntilItsWaitHasPassed() throws Exception {
        final FakeTicker ticker = new FakeTicker();
        final String extra = "outlierDetection: {consecutiveFailures: 1000}\n" +
                             "circuitBreaker: {minimumCalls: 5, failureRateThreshold: 50, openDuration: 30s, halfOpenCalls: 1}\n";
        try (GatewayHarness h = new GatewayHarness(extra, ticker)) {
            for (int i = 0; i < 5; i++) {
                final RawHttp.Response r = h.get("alpha.shops.test", "/status/500");
                assertThat(r.status()).isEqualTo(500);
                assertThat(r.header("X-ShopSet")).isEqualTo("prod-a");
            }
            final RawHttp.Response skipped = h.get("alpha.shops.test", "/ok");
            assertThat(skipped.header("X-ShopSet")).as("prod-a's circuit is open").isEqualTo("prod-b");
            assertThat(h.counter("shopset.failovers")).isEqualTo(1);
            ticker.advance(Duration.ofSeconds(31));
            final RawHttp.Response probe = h.get("alpha.shops.test", "/ok");
            assertThat(probe.header("X-ShopSet")).as("half-open: a probe goes through").isEqualTo("prod-a");
            assertThat(h.get("alpha.shops.test", "/ok").header("X-ShopSet")).as("closed again").isEqualTo("prod-a");
        }
    }

    private static io.shopset.routing.model.Endpoint ep(int port) {
        return new io.shopset.routing.model.Endpoint("127.0.0.1", port);
    }

    /** Closed-loop GET load from a few client threads, recording failures and which ShopSet served. */
    static final class Load implements AutoCloseable {
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger served = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicReference<String> lastShopSet = new java.util.concurrent.atomic.AtomicReference<>();
        final java.util.concurrent.atomic.AtomicReference<String> lastEndpoint = new java.util.concurrent.atomic.AtomicReference<>();
        final ConcurrentHashMap<String, Long> firstSeen = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Load(GatewayHarness h, String host, int clients) {
            for (int t = 0; t < clients; t++) {
                final Thread th = new Thread(() -> {
                    try (RawHttp c = h.connect()) {
                        while (running.get()) {
                            final RawHttp.Response r = c.send(RawHttp.get(host, "/")).read();
                            if (r.status() != 200) {
                                failures.add(r.status() + " " + r.bodyText());
                                continue;
                            }
                            lastShopSet.set(r.header("X-ShopSet"));
                            lastEndpoint.set(r.header("X-Endpoint"));
                            firstSeen.putIfAbsent(r.header("X-ShopSet"), System.nanoTime());
                            served.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failures.add(e.toString());
                    }
                }, "load-" + t);
                th.start();
                threads.add(th);
            }
        }

        void awaitServed(int n) {
            await().atMost(Duration.ofSeconds(10)).until(() -> served.get() >= n || !failures.isEmpty());
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread th : threads) {
                th.join();
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    /** An upstream that reads each request head (and body) and closes without answering. */
    static final class BlackHole implements AutoCloseable {
        final AtomicInteger requests = new AtomicInteger();
        private final ServerSocket server;
        private final Thread thread;

        BlackHole() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        final InputStream in = s.getInputStream();
                        final StringBuilder head = new StringBuilder();
                        while (!head.toString().endsWith("\r\n\r\n")) {
                            final int c = in.read();
                            if (c < 0) {
                                break;
                            }
                            head.append((char) c);
                        }
                        final String h = head.toString().toLowerCase();
                        final int cl = h.indexOf("content-length:");
                        if (cl >= 0) {
                            final int n = Integer.parseInt(h.substring(cl + 15, h.indexOf("\r\n", cl)).trim());
                            in.readNBytes(n);
                        }
                        if (head.length() > 0) {
                            requests.incrementAndGet();
                        }
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "black-hole");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
