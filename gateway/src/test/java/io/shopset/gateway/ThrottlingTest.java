package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** Tenant throttling with real sockets; distinct clients come from distinct loopback addresses. */
class ThrottlingTest {

    static final String ALPHA = "{id: alpha, hosts: [www.alpha.example], shopsets: [prod-a, prod-b]}";

    static String limits(String client, String clientTotal, String extra) {
        return "limits:\n" +
               "  shop: {requestsPerSecond: 1000000, burst: 1000000, maxConcurrent: 100000}\n" +
               "  client: " + client + "\n" +
               "  clientTotal: " + clientTotal + "\n" + extra;
    }

    static final String OPEN = "{requestsPerSecond: 1000000, burst: 1000000}";

    static String withAlphaLimits(GatewayHarness h, String extra, String alphaLimits) {
        return h.yaml(extra).replace(ALPHA, "{id: alpha, hosts: [www.alpha.example], shopsets: [prod-a, prod-b], limits: "
                                            + alphaLimits + "}");
    }

    static RawHttp.Response get(GatewayHarness h, String from, String host, String path) throws IOException {
        try (RawHttp c = new RawHttp(h.address(), from)) {
            return c.send(RawHttp.get(host, path)).read();
        }
    }

    @Test
    void aFloodedShopKeepsItsLimitWhileItsNeighbourIsUntouched() throws Exception {
        final String extra = limits(OPEN, OPEN, "");
        try (GatewayHarness h = new GatewayHarness(extra)) {
            h.reload(withAlphaLimits(h, extra, "{requestsPerSecond: 20, burst: 20}"));
            final AtomicBoolean running = new AtomicBoolean(true);
            final AtomicInteger alphaOk = new AtomicInteger();
            final AtomicInteger alpha429 = new AtomicInteger();
            final AtomicInteger alphaOther = new AtomicInteger();
            final AtomicInteger betaOk = new AtomicInteger();
            final AtomicInteger betaOther = new AtomicInteger();
            final List<Thread> threads = new ArrayList<>();
            for (int bot = 0; bot < 50; bot++) {
                final String from = "127.0.0." + (10 + bot);
                threads.add(new Thread(() -> {
                    try (RawHttp c = new RawHttp(h.address(), from)) {
                        while (running.get()) {
                            final int s = c.send(RawHttp.get("alpha.shops.test", "/hot-product")).read().status();
                            (s == 200 ? alphaOk : s == 429 ? alpha429 : alphaOther).incrementAndGet();
                        }
                    } catch (IOException e) {
                        alphaOther.incrementAndGet();
                    }
                }));
            }
            threads.add(new Thread(() -> {
                try (RawHttp c = new RawHttp(h.address(), "127.0.0.2")) {
                    while (running.get()) {
                        final int s = c.send(RawHttp.get("beta.shops.test", "/")).read().status();
                        (s == 200 ? betaOk : betaOther).incrementAndGet();
                    }
                } catch (IOException e) {
                    betaOther.incrementAndGet();
                }
            }));
            final long start = System.nanoTime();
            threads.forEach(Thread::start);
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> System.nanoTime() - start > 3_000_000_000L);
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            final double expected = 20 + 20 * seconds;
            final double floodRate = (alphaOk.get() + alpha429.get()) / seconds;
            System.out.printf("flood: %.0f req/s at alpha (limit 20/s); admitted %d, expected %.0f; beta served %d%n",
                              floodRate, alphaOk.get(), expected, betaOk.get());
            // A precondition, not a speed goal: the limit is low enough that even a loaded machine floods 20x.
            assertThat(floodRate).as("the flood is at least 20x the limit").isGreaterThan(20 * 20);
            assertThat((double) alphaOk.get()).isBetween(expected * 0.9, expected * 1.1);
            assertThat(alphaOther.get()).isZero();
            assertThat(betaOther.get()).as("beta never throttled or failed").isZero();
            assertThat(betaOk.get()).isPositive();
            assertThat(h.counter("shopset.throttled", "scope", "shop")).isEqualTo(alpha429.get());
        }
    }

    @Test
    void aClientRotatingAcrossShopsTripsItsTotalLimit() throws Exception {
        try (GatewayHarness h = new GatewayHarness(limits(OPEN, "{requestsPerSecond: 1, burst: 10}", ""))) {
            final String[] hosts = {"alpha.shops.test", "beta.shops.test", "vip.shops.test"};
            int ok = 0;
            RawHttp.Response limited = null;
            try (RawHttp c = new RawHttp(h.address(), "127.0.0.3")) {
                for (int i = 0; i < 30; i++) {
                    final RawHttp.Response r = c.send(RawHttp.get(hosts[i % 3], "/")).read();
                    if (r.status() == 200) {
                        ok++;
                    } else {
                        limited = r;
                    }
                }
            }
            assertThat(ok).isEqualTo(10);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.bodyText()).contains("throttled_client_total");
            assertThat(limited.header("Retry-After")).isEqualTo("1");
            assertThat(limited.header("RateLimit-Policy")).isEqualTo("\"client_total\";q=1;w=1");
            assertThat(limited.header("RateLimit")).isEqualTo("\"client_total\";r=0;t=1");
            // Another client is not affected.
            assertThat(get(h, "127.0.0.4", "alpha.shops.test", "/").status()).isEqualTo(200);
        }
    }

    @Test
    void perClientPerShopLimitAllowlistAndBrowserPage() throws Exception {
        final String extra = limits("{requestsPerSecond: 5, burst: 5}", OPEN, "  allowList: [127.0.0.5/32]\n");
        try (GatewayHarness h = new GatewayHarness(extra)) {
            int ok = 0;
            try (RawHttp c = new RawHttp(h.address(), "127.0.0.6")) {
                for (int i = 0; i < 8; i++) {
                    if (c.send(RawHttp.get("alpha.shops.test", "/")).read().status() == 200) {
                        ok++;
                    }
                }
                final RawHttp.Response page = c.send("GET / HTTP/1.1\r\nHost: alpha.shops.test\r\nAccept: text/html\r\n\r\n").read();
                assertThat(page.status()).isEqualTo(429);
                assertThat(page.header("Content-Type")).startsWith("text/html");
                assertThat(page.header("RateLimit-Policy")).isEqualTo("\"client\";q=5;w=1");
                // The same client, another shop: its own bucket.
                assertThat(c.send(RawHttp.get("beta.shops.test", "/")).read().status()).isEqualTo(200);
            }
            assertThat(ok).isEqualTo(5);
            try (RawHttp c = new RawHttp(h.address(), "127.0.0.5")) {
                for (int i = 0; i < 20; i++) {
                    assertThat(c.send(RawHttp.get("alpha.shops.test", "/")).read().status()).as("allowlisted").isEqualTo(200);
                }
            }
        }
    }

    @Test
    void aDeniedClientGets403BeforeAnythingElse() throws Exception {
        try (GatewayHarness h = new GatewayHarness(limits(OPEN, OPEN, "  denyList: [127.0.0.66/32]\n"))) {
            final RawHttp.Response denied = get(h, "127.0.0.66", "nobody.shops.test", "/");
            assertThat(denied.status()).isEqualTo(403);
            assertThat(denied.bodyText()).contains("client_denied");
            assertThat(get(h, "127.0.0.66", "alpha.shops.test", "/").status()).isEqualTo(403);
            assertThat(get(h, "127.0.0.67", "alpha.shops.test", "/").status()).isEqualTo(200);
            assertThat(h.a1.requests().size() + h.a2.requests().size()).isEqualTo(1);
        }
    }

    @Test
    void shadowModeCountsButEnforcesNothing() throws Exception {
        final String extra = limits(OPEN, OPEN, "");
        try (GatewayHarness h = new GatewayHarness(extra)) {
            h.reload(withAlphaLimits(h, extra, "{requestsPerSecond: 1, burst: 1, shadow: true}"));
            try (RawHttp c = h.connect()) {
                for (int i = 0; i < 20; i++) {
                    assertThat(c.send(RawHttp.get("alpha.shops.test", "/")).read().status()).isEqualTo(200);
                }
            }
            assertThat(h.counter("shopset.throttled.shadow", "scope", "shop")).isEqualTo(19);
            assertThat(h.counter("shopset.throttled", "scope", "shop")).isZero();
        }
    }

    @Test
    void aShopAtItsConcurrencyLimitGets503AndTheUpstreamNeverSeesIt() throws Exception {
        final String extra = limits(OPEN, OPEN, "");
        try (GatewayHarness h = new GatewayHarness(extra)) {
            h.reload(withAlphaLimits(h, extra, "{maxConcurrent: 2}"));
            final List<CompletableFuture<RawHttp.Response>> slow = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                slow.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return h.get("alpha.shops.test", "/delay/1500");
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            await().until(() -> h.gateway.activeRequests() == 2);
            final RawHttp.Response third = h.get("alpha.shops.test", "/delay/1500");
            assertThat(third.status()).isEqualTo(503);
            assertThat(third.header("Retry-After")).isEqualTo("1");
            assertThat(third.bodyText()).contains("shop_concurrency_limit");
            for (CompletableFuture<RawHttp.Response> f : slow) {
                assertThat(f.get().status()).isEqualTo(200);
            }
            assertThat(h.a1.requests().size() + h.a2.requests().size()).isEqualTo(2);
            // Slots are given back: the next request passes.
            assertThat(h.get("alpha.shops.test", "/").status()).isEqualTo(200);
        }
    }

    @Test
    void aLimitChangedInTheRoutingTableAppliesWithoutRestart() throws Exception {
        final String extra = limits(OPEN, OPEN, "");
        try (GatewayHarness h = new GatewayHarness(extra)) {
            for (int i = 0; i < 10; i++) {
                assertThat(h.get("alpha.shops.test", "/").status()).isEqualTo(200);
            }
            h.reload(withAlphaLimits(h, extra, "{requestsPerSecond: 1, burst: 2}"));
            int ok = 0;
            for (int i = 0; i < 10; i++) {
                if (h.get("alpha.shops.test", "/").status() == 200) {
                    ok++;
                }
            }
            assertThat(ok).isBetween(2, 3);
        }
    }
}
