package io.shopset.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shopset.admin.auth.Tokens;
import io.shopset.gateway.Ticker;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.config.Mappers;
import io.shopset.testkit.RecordedRequest;
import io.shopset.testkit.StubShopSet;

/**
 * Pre-warm on isolate in a real gateway process with real stub ShopSets: during the warm-up the
 * shop stays on its placement while copies of its GET requests reach the dedicated ShopSet (never
 * affecting the buyer, never more than the cap at once); at the deadline (an injected clock) it
 * flips, also after a restart.
 */
class WarmupTest {

    static final String TOKEN = "warmup-token-0123456789";

    @TempDir
    Path dir;

    final StubShopSet a1 = StubShopSet.start("prod-a", "a1");
    final StubShopSet b1 = StubShopSet.start("prod-b", "b1");
    final StubShopSet v1 = StubShopSet.start("vip-1", "v1");
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T08:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    final List<GatewayProcess> processes = new ArrayList<>();
    final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    @AfterEach
    void tearDown() {
        processes.forEach(GatewayProcess::close);
        a1.close();
        b1.close();
        v1.close();
    }

    GatewayProcess start(int samplePercent, int maxConcurrent) throws Exception {
        final Path file = dir.resolve("shopset.yaml");
        Files.writeString(file, """
                listen: 127.0.0.1:1
                admin: {listen: 127.0.0.1:1}
                stateFile: state.json
                accessLog: {enabled: false}
                warmup: {samplePercent: %d, maxConcurrent: %d}
                platformDomains: [shops.test]
                tiers: [{name: prod, level: 30}]
                failureDomains: [{name: dc-a}, {name: dc-b}]
                shopsets:
                  - {name: prod-a, tier: prod, failureDomain: dc-a, endpoints: [%s]}
                  - {name: prod-b, tier: prod, failureDomain: dc-b, endpoints: [%s]}
                  - {name: vip-1, tier: prod, failureDomain: dc-a, dedicated: true, endpoints: [%s]}
                shops:
                  - {id: alpha, shopsets: [prod-a, prod-b]}
                limits:
                  shop: {requestsPerSecond: 100000, burst: 100000, maxConcurrent: 1000}
                  client: {requestsPerSecond: 100000, burst: 100000}
                  clientTotal: {requestsPerSecond: 100000, burst: 100000}
                """.formatted(samplePercent, maxConcurrent, a1.endpoint(), b1.endpoint(), v1.endpoint()));
        final GatewayProcess p = new GatewayProcess(file, ConfigLoader.load(file), Tokens.single(TOKEN),
                                                    new InetSocketAddress("127.0.0.1", 0),
                                                    new InetSocketAddress("127.0.0.1", 0), Ticker.SYSTEM, clock);
        processes.add(p);
        return p;
    }

    HttpResponse<String> api(GatewayProcess p, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.adminAddress().getPort() + path))
                                    .header("Authorization", "Bearer " + TOKEN)
                                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(body)).build(),
                         HttpResponse.BodyHandlers.ofString());
    }

    JsonNode shop(GatewayProcess p) throws Exception {
        return Mappers.json().readTree(api(p, "GET", "/api/v1/shops/alpha", null).body());
    }

    List<RecordedRequest> mirrors() {
        return v1.requests().stream().filter(r -> "warmup".equals(r.header("x-shopset-mirror"))).toList();
    }

    static String send(GatewayProcess p, String method, String path) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(p.gatewayAddress(), 2000);
            s.setSoTimeout(10_000);
            final OutputStream out = s.getOutputStream();
            out.write((method + ' ' + path + " HTTP/1.1\r\nHost: alpha.shops.test\r\nContent-Length: 0\r\n" +
                       "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final String head = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            final int at = head.toLowerCase().indexOf("x-shopset: ");
            return head.startsWith("HTTP/1.1 200") && at >= 0
                    ? head.substring(at + 11, head.indexOf('\r', at)) : head.lines().findFirst().orElse("");
        }
    }

    @Test
    void theShopStaysWhileItsGetsAreMirroredThenFlipsAtTheDeadline() throws Exception {
        final GatewayProcess p = start(100, 16);
        final HttpResponse<String> isolated = api(p, "POST", "/api/v1/shops/alpha/isolate",
                                                  "{\"shopset\":\"vip-1\",\"warmup\":\"5m\"}");
        assertThat(isolated.statusCode()).as(isolated.body()).isEqualTo(200);
        final JsonNode doc = Mappers.json().readTree(isolated.body());
        assertThat(doc.get("isolated").asBoolean()).isFalse();
        assertThat(doc.get("shopsets").toString()).isEqualTo("[\"prod-a\",\"prod-b\"]");
        assertThat(doc.at("/warmup/target").asText()).isEqualTo("vip-1");
        assertThat(doc.at("/warmup/until").asText()).isEqualTo("2026-11-28T08:05:00Z");
        assertThat(api(p, "POST", "/api/v1/shops/alpha/isolate", "{\"shopset\":\"vip-1\",\"warmup\":\"5m\"}")
                           .statusCode()).as("idempotent").isEqualTo(200);

        for (int i = 0; i < 20; i++) {
            assertThat(send(p, "GET", "/catalog?page=" + i)).isEqualTo("prod-a");
        }
        assertThat(send(p, "POST", "/upload")).isEqualTo("prod-a");
        await().atMost(Duration.ofSeconds(10)).until(() -> mirrors().size() == 20);
        final List<RecordedRequest> copies = mirrors();
        assertThat(copies).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.header("x-shop-id")).isEqualTo("alpha");
        });
        assertThat(copies).extracting(RecordedRequest::uri).contains("/catalog?page=0", "/catalog?page=19");
        assertThat(v1.requests()).noneMatch(r -> r.method().equals("POST"));
        await().atMost(Duration.ofSeconds(5)).until(() -> shop(p).at("/warmup/mirrored").asLong() == 20);

        // A dead dedicated ShopSet never touches the buyer: the copies are dropped.
        v1.kill();
        for (int i = 0; i < 5; i++) {
            assertThat(send(p, "GET", "/catalog")).isEqualTo("prod-a");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> p.gateway().mirror().dropped() >= 5);
        v1.restart();

        now.set(now.get().plus(Duration.ofMinutes(4)));
        assertThat(p.warmups().flipDue()).isEmpty();
        now.set(now.get().plus(Duration.ofMinutes(1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> shop(p).get("isolated").asBoolean());
        final JsonNode flipped = shop(p);
        assertThat(flipped.get("shopsets").toString()).isEqualTo("[\"vip-1\"]");
        assertThat(flipped.get("rememberedShopsets").toString()).isEqualTo("[\"prod-a\",\"prod-b\"]");
        assertThat(flipped.get("warmup").isNull()).isTrue();
        assertThat(send(p, "GET", "/")).isEqualTo("vip-1");
        final JsonNode audit = Mappers.json().readTree(api(p, "GET", "/api/v1/audit?limit=1", null).body()).get(0);
        assertThat(audit.get("who").asText()).isEqualTo("warmup");
        assertThat(audit.get("what").asText()).isEqualTo("isolate");
        assertThat(audit.at("/after/reason").asText()).isEqualTo("warm-up on vip-1 ended at 2026-11-28T08:05:00Z");
    }

    @Test
    void mirroringIsSampledAndBounded() throws Exception {
        final GatewayProcess p = start(100, 1);
        api(p, "POST", "/api/v1/shops/alpha/isolate", "{\"shopset\":\"vip-1\",\"warmup\":\"1h\"}");
        final List<Thread> burst = new ArrayList<>();
        final List<String> served = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 8; i++) {
            final Thread t = new Thread(() -> {
                try {
                    served.add(send(p, "GET", "/delay/1500"));
                } catch (Exception e) {
                    served.add(e.toString());
                }
            });
            t.start();
            burst.add(t);
        }
        for (Thread t : burst) {
            t.join();
        }
        assertThat(served).hasSize(8).containsOnly("prod-a");
        await().atMost(Duration.ofSeconds(5)).until(() -> p.gateway().mirror().inFlight() == 0);
        assertThat(mirrors().size()).as("one copy in flight at most").isBetween(1, 2);
        assertThat(p.gateway().mirror().dropped()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void noSampleNoCopyAndRestoreCancels() throws Exception {
        final GatewayProcess p = start(0, 16);
        api(p, "POST", "/api/v1/shops/alpha/isolate", "{\"shopset\":\"vip-1\",\"warmup\":\"5m\"}");
        for (int i = 0; i < 10; i++) {
            assertThat(send(p, "GET", "/")).isEqualTo("prod-a");
        }
        assertThat(mirrors()).isEmpty();
        final JsonNode restored = Mappers.json().readTree(api(p, "POST", "/api/v1/shops/alpha/restore", null).body());
        assertThat(restored.get("warmup").isNull()).isTrue();
        now.set(now.get().plus(Duration.ofMinutes(10)));
        assertThat(p.warmups().flipDue()).isEmpty();
        assertThat(shop(p).get("isolated").asBoolean()).isFalse();
    }

    @Test
    void badWarmupsAreRefusedNamingTheField() throws Exception {
        final GatewayProcess p = start(10, 16);
        HttpResponse<String> r = api(p, "POST", "/api/v1/shops/alpha/isolate", "{\"shopset\":\"vip-1\",\"warmup\":\"soon\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"field\":\"warmup\"");
        r = api(p, "POST", "/api/v1/shops/alpha/isolate", "{\"shopset\":\"prod-b\",\"warmup\":\"5m\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"field\":\"shopset\"", "not dedicated");
        api(p, "POST", "/api/v1/shops/alpha/isolate", "{\"shopset\":\"vip-1\"}");
        r = api(p, "POST", "/api/v1/shops/alpha/isolate", "{\"shopset\":\"vip-2\",\"warmup\":\"5m\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(shop(p).get("warmup").isNull()).isTrue();
    }

    @Test
    void aWarmUpSurvivesARestartAndFlipsWhenItsDeadlinePassed() throws Exception {
        final GatewayProcess first = start(10, 16);
        assertThat(api(first, "POST", "/api/v1/shops/alpha/isolate", "{\"shopset\":\"vip-1\",\"warmup\":\"5m\"}")
                           .statusCode()).isEqualTo(200);
        first.close();
        processes.remove(first);
        now.set(now.get().plus(Duration.ofMinutes(6)));
        final GatewayProcess second = start(10, 16);
        await().atMost(Duration.ofSeconds(5)).until(() -> shop(second).get("isolated").asBoolean());
        assertThat(send(second, "GET", "/")).isEqualTo("vip-1");
    }
}
