package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.shopset.testkit.RecordedRequest;
import io.shopset.testkit.StubShopSet;

class ProxyRoutingTest {

    static GatewayHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new GatewayHarness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void clear() {
        h.stubs().forEach(StubShopSet::clearRecorded);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
            "alpha.shops.test,        prod-a, alpha",  // 1 platform subdomain
            "ALPHA.Shops.Test,        prod-a, alpha",  // 2 case-insensitive
            "alpha.shops.test:8080,   prod-a, alpha",  // 3 port removed
            "alpha.shops.test.,       prod-a, alpha",  // 4 trailing dot removed
            "www.alpha.example,       prod-a, alpha",  // 5 custom domain
            "WWW.ALPHA.EXAMPLE.:80,   prod-a, alpha",  // 6 custom domain, normalised
            "beta.shops.test,         prod-b, beta",   // 7 another placement order
            "vip.shops.test,          vip-1,  vip",    // 8 a dedicated ShopSet
    })
    void routesHostToTheFirstShopSetOfItsShop(String host, String shopSet, String shopId) throws Exception {
        final RawHttp.Response r = h.get(host, "/catalog?q=1");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-ShopSet")).isEqualTo(shopSet);
        assertThat(r.bodyText()).contains("\"shopId\":\"" + shopId + '"').contains("\"path\":\"/catalog\"");
    }

    @Test
    void unknownHostGets404NamingTheHostAndKeepsTheConnection() throws Exception {
        try (RawHttp c = h.connect()) {
            final RawHttp.Response r = c.send(RawHttp.get("nobody.shops.test", "/")).read();
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.bodyText()).contains("\"reason\":\"no_route\"").contains("nobody.shops.test");
            final RawHttp.Response again = c.send(RawHttp.get("alpha.shops.test", "/")).read();
            assertThat(again.status()).isEqualTo(200);
        }
        assertThat(h.get("a.b.shops.test", "/").status()).isEqualTo(404);
        assertThat(h.get("shops.test", "/").status()).isEqualTo(404);
    }

    @Test
    void rewritesHeadersForTheUpstream() throws Exception {
        try (RawHttp c = h.connect()) {
            final RawHttp.Response r = c.send("""
                    GET /p HTTP/1.1\r
                    Host: alpha.shops.test\r
                    X-Shop-Id: evil\r
                    X-Forwarded-For: 6.6.6.6\r
                    X-Forwarded-Host: evil.example\r
                    X-Forwarded-Proto: https\r
                    Connection: keep-alive, X-Secret\r
                    X-Secret: drop-me\r
                    Keep-Alive: timeout=5\r
                    Proxy-Connection: keep-alive\r
                    TE: trailers\r
                    X-Kept: yes\r
                    \r
                    """).read();
            assertThat(r.status()).isEqualTo(200);
        }
        final RecordedRequest up = lastRequest();
        assertThat(up.headers().getAll("X-Shop-Id")).containsExactly("alpha");
        assertThat(up.headers().get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(up.headers().get("X-Forwarded-Host")).isEqualTo("alpha.shops.test");
        assertThat(up.headers().get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(up.headers().get("X-Request-Id")).matches("[0-9a-f]{32}");
        assertThat(up.headers().get("X-Kept")).isEqualTo("yes");
        assertThat(up.headers().get("Host")).isEqualTo("alpha.shops.test");
        for (String hop : new String[] {"X-Secret", "Keep-Alive", "Proxy-Connection", "TE"}) {
            assertThat(up.headers().contains(hop)).as(hop).isFalse();
        }
    }

    @Test
    void keepsAClientRequestIdAndGeneratesDistinctOnes() throws Exception {
        try (RawHttp c = h.connect()) {
            c.send("GET / HTTP/1.1\r\nHost: alpha.shops.test\r\nX-Request-Id: abc-123\r\n\r\n").read();
            assertThat(lastRequest().headers().get("X-Request-Id")).isEqualTo("abc-123");
            c.send(RawHttp.get("alpha.shops.test", "/")).read();
            final String first = lastRequest().headers().get("X-Request-Id");
            c.send(RawHttp.get("alpha.shops.test", "/")).read();
            assertThat(lastRequest().headers().get("X-Request-Id")).isNotEqualTo(first);
        }
    }

    @Test
    void reusesUpstreamConnectionsAcrossRequests() throws Exception {
        final int before = h.a1.connectionsAccepted() + h.a2.connectionsAccepted();
        try (RawHttp c = h.connect()) {
            for (int i = 0; i < 50; i++) {
                assertThat(c.send(RawHttp.get("alpha.shops.test", "/" + i)).read().status()).isEqualTo(200);
            }
        }
        for (int i = 0; i < 20; i++) {
            assertThat(h.get("alpha.shops.test", "/x").status()).isEqualTo(200);
        }
        final int opened = h.a1.connectionsAccepted() + h.a2.connectionsAccepted() - before;
        // One pool per event loop: at most one connection per loop for sequential requests (none when
        // earlier tests left pooled connections open).
        assertThat(opened).isBetween(0, Runtime.getRuntime().availableProcessors());
        assertThat(h.a1.requestsServed() + h.a2.requestsServed()).isGreaterThanOrEqualTo(70);
    }

    @Test
    void answersHttp10ClientsAndClosesWithoutKeepAlive() throws Exception {
        try (RawHttp c = h.connect()) {
            final RawHttp.Response r = c.send("GET / HTTP/1.0\r\nHost: alpha.shops.test\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(c.closedByPeer()).isTrue();
        }
        try (RawHttp c = h.connect()) {
            final RawHttp.Response r = c.send("GET /bytes/5000 HTTP/1.0\r\nHost: alpha.shops.test\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.chunked()).isFalse();
            assertThat(r.body()).hasSize(5000);
        }
    }

    @Test
    void closesAfterTheResponseWhenTheClientAsksTo() throws Exception {
        try (RawHttp c = h.connect()) {
            final RawHttp.Response r = c.send("GET / HTTP/1.1\r\nHost: alpha.shops.test\r\nConnection: close\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void servesPipelinedRequestsInOrder() throws Exception {
        try (RawHttp c = h.connect()) {
            c.send(RawHttp.get("alpha.shops.test", "/one") + RawHttp.get("beta.shops.test", "/two")
                   + RawHttp.get("nobody.shops.test", "/three") + RawHttp.get("vip.shops.test", "/four"));
            assertThat(c.read().bodyText()).contains("\"path\":\"/one\"");
            assertThat(c.read().bodyText()).contains("\"path\":\"/two\"");
            assertThat(c.read().status()).isEqualTo(404);
            assertThat(c.read().bodyText()).contains("\"path\":\"/four\"");
        }
    }

    @Test
    void countsRequestsByShopSetAndStatusClass() throws Exception {
        final double before = h.counter("shopset.requests", "shopset", "prod-b", "code_class", "2xx");
        h.get("beta.shops.test", "/");
        h.get("beta.shops.test", "/status/500");
        assertThat(h.counter("shopset.requests", "shopset", "prod-b", "code_class", "2xx")).isEqualTo(before + 1);
        assertThat(h.counter("shopset.requests", "shopset", "prod-b", "tier", "prod", "failure_domain", "dc-b",
                             "code_class", "5xx")).isGreaterThanOrEqualTo(1);
    }

    private static RecordedRequest lastRequest() {
        RecordedRequest last = null;
        for (StubShopSet s : h.stubs()) {
            for (RecordedRequest r : s.requests()) {
                last = r;
            }
        }
        assertThat(last).as("a request reached a stub").isNotNull();
        return last;
    }
}
