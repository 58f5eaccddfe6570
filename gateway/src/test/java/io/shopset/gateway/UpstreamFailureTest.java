package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.shopset.routing.RoutingTable;

/** What the client gets when upstreams refuse, stay silent, or are all unavailable. */
class UpstreamFailureTest {

    @Test
    void refusedEverywhereGets502() throws Exception {
        try (GatewayHarness h = new GatewayHarness()) {
            final String dead = "127.0.0.1:" + GatewayHarness.closedPort();
            h.reload(h.yaml("", dead, "127.0.0.1:" + GatewayHarness.closedPort()));
            final RawHttp.Response r = h.get("alpha.shops.test", "/");
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.bodyText()).contains("\"reason\":\"upstream_connect_failure\"").contains("alpha");
            assertThat(h.counter("shopset.upstream.connect.failures", "shopset", "prod-a")).isEqualTo(1);
            assertThat(h.counter("shopset.upstream.connect.failures", "shopset", "prod-b")).isEqualTo(1);
        }
    }

    @Test
    void refusedEndpointIsRetriedOnTheNextEndpointThenTheNextShopSet() throws Exception {
        try (GatewayHarness h = new GatewayHarness()) {
            // prod-a: one dead endpoint and one live one: alpha lands on prod-a whichever it picks first.
            h.reload(h.yaml("", "127.0.0.1:" + GatewayHarness.closedPort() + ", " + h.a2.endpoint(), h.b1.endpoint()));
            for (int i = 0; i < 5; i++) {
                final RawHttp.Response r = h.get("alpha.shops.test", "/");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("X-Endpoint")).isEqualTo("a2");
            }
            // prod-a entirely dead: alpha fails over to prod-b in the other failure domain.
            h.reload(h.yaml("", "127.0.0.1:" + GatewayHarness.closedPort(), h.b1.endpoint()));
            final RawHttp.Response r = h.get("alpha.shops.test", "/");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("X-ShopSet")).isEqualTo("prod-b");
            assertThat(h.counter("shopset.failovers")).isEqualTo(1);
        }
    }

    @Test
    void aPostIsRetriedWhenItNeverReachedAnUpstream() throws Exception {
        try (GatewayHarness h = new GatewayHarness()) {
            h.reload(h.yaml("", "127.0.0.1:" + GatewayHarness.closedPort(), h.b1.endpoint()));
            try (RawHttp c = h.connect()) {
                final RawHttp.Response r = c.send("POST /upload HTTP/1.1\r\nHost: alpha.shops.test\r\n" +
                                                  "Content-Length: 3\r\n\r\nabc").read();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("X-ShopSet")).isEqualTo("prod-b");
                assertThat(r.bodyText()).contains("\"received\": 3");
            }
        }
    }

    @Test
    void silentUpstreamGets504AfterTheResponseTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             GatewayHarness h = new GatewayHarness("timeouts: {response: 300ms}")) {
            final List<Socket> accepted = new ArrayList<>();
            final Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            h.reload(h.yaml("timeouts: {response: 300ms}", "127.0.0.1:" + silent.getLocalPort(), h.b1.endpoint()));
            final long start = System.nanoTime();
            final RawHttp.Response r = h.get("alpha.shops.test", "/");
            final long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.status()).isEqualTo(504);
            assertThat(r.bodyText()).contains("\"reason\":\"upstream_timeout\"");
            assertThat(tookMs).isGreaterThanOrEqualTo(290);
        }
    }

    @Test
    void anUpstreamAnsweringWithAMalformedStatusLineGets502() throws Exception {
        // A head Netty's decoder cannot read arrives as one object that is both head and content
        // (not the raw path): the exchange fails with the protocol error, whatever else it was told.
        try (ServerSocket garbled = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             GatewayHarness h = new GatewayHarness()) {
            final Thread answerer = new Thread(() -> {
                try {
                    while (true) {
                        final Socket s = garbled.accept();
                        s.getInputStream().read(new byte[4096]);
                        s.getOutputStream().write("HTTP/1.1 2x0 OK\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            answerer.setDaemon(true);
            answerer.start();
            final String garbledOnly = "127.0.0.1:" + garbled.getLocalPort();
            h.reload(h.yaml("", garbledOnly, garbledOnly));
            final RawHttp.Response r = h.get("alpha.shops.test", "/");
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.bodyText()).contains("\"reason\":\"upstream_protocol_error\"");
        }
    }

    @Test
    void allShopSetsDrainingGets503WithRetryAfter() throws Exception {
        try (GatewayHarness h = new GatewayHarness()) {
            h.reload(h.yaml("").replace("endpoints: [" + h.a1.endpoint(), "draining: true, endpoints: [" + h.a1.endpoint())
                               .replace("endpoints: [" + h.b1.endpoint(), "draining: true, endpoints: [" + h.b1.endpoint()));
            try (RawHttp c = h.connect()) {
                final RawHttp.Response r = c.send("GET / HTTP/1.1\r\nHost: alpha.shops.test\r\nAccept: text/html\r\n\r\n").read();
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.header("Retry-After")).isEqualTo("1");
                assertThat(r.header("Content-Type")).startsWith("text/html");
                final RawHttp.Response json = c.send(RawHttp.get("alpha.shops.test", "/")).read();
                assertThat(json.status()).isEqualTo(503);
                assertThat(json.bodyText()).contains("\"reason\":\"no_healthy_upstream\"");
            }
            // vip's dedicated ShopSet is not draining: unaffected.
            assertThat(h.get("vip.shops.test", "/").status()).isEqualTo(200);
        }
    }

    @Test
    void noRoutingTableYetGets503() throws Exception {
        try (GatewayHarness h = new GatewayHarness()) {
            final RoutingTable empty = new RoutingTable();
            try (Gateway g = Gateway.start(h.config, empty,
                                           new io.shopset.gateway.metrics.GatewayMetrics(h.registry),
                                           new java.net.InetSocketAddress("127.0.0.1", 0));
                 RawHttp c = new RawHttp(g.localAddress())) {
                assertThat(g.ready()).isFalse();
                final RawHttp.Response r = c.send(RawHttp.get("alpha.shops.test", "/")).read();
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.header("Retry-After")).isEqualTo("1");
                assertThat(r.bodyText()).contains("no_routing_table");
            }
        }
    }

    @Test
    void upstreamClosingMidResponseClosesTheClientConnection() throws Exception {
        try (GatewayHarness h = new GatewayHarness()) {
            try (RawHttp c = h.connect()) {
                final RawHttp.Response r = c.send(RawHttp.get("alpha.shops.test", "/close")).read();
                assertThat(r.status()).isEqualTo(200);
                // The upstream closed after a complete response: the client keeps its connection.
                assertThat(c.send(RawHttp.get("alpha.shops.test", "/")).read().status()).isEqualTo(200);
            }
        }
    }
}
