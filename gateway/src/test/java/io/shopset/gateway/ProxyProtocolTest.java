package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.shopset.testkit.RecordedRequest;
import io.shopset.testkit.StubShopSet;

/**
 * Issue 9, behind a load balancer: with {@code listener.proxyProtocol: true} the gateway takes a
 * PROXY header (v1 or v2) from peers in {@code trustedProxies} (127.0.0.1 here) and uses its client
 * address for {@code X-Forwarded-For} and the deny list; any other peer, or a connection without a
 * valid header in time, is closed without a byte.
 */
class ProxyProtocolTest {

    static final byte[] V2_SIGNATURE = {0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a};
    static final String GET = RawHttp.get("alpha.shops.test", "/pp");

    static GatewayHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new GatewayHarness("""
                listener: {proxyProtocol: true}
                trustedProxies: [127.0.0.1/32]
                timeouts: {requestHeaders: 300ms}
                limits:
                  shop: {requestsPerSecond: 1000000, burst: 1000000, maxConcurrent: 100000}
                  client: {requestsPerSecond: 1000000, burst: 1000000}
                  clientTotal: {requestsPerSecond: 1000000, burst: 1000000}
                  denyList: [203.0.113.9/32]
                """);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void clear() {
        h.stubs().forEach(StubShopSet::clearRecorded);
    }

    @Test
    void v1_clientAddressBecomesXForwardedFor() throws Exception {
        try (RawHttp c = h.connect()) {
            final RawHttp.Response r = c.send("PROXY TCP4 203.0.113.7 127.0.0.1 51234 8080\r\n" + GET).read();
            assertThat(r.status()).isEqualTo(200);
        }
        assertThat(upstream().header("X-Forwarded-For")).isEqualTo("203.0.113.7");
    }

    @Test
    void v1_aClientSentXForwardedForIsReplaced() throws Exception {
        try (RawHttp c = h.connect()) {
            c.send("PROXY TCP4 203.0.113.7 127.0.0.1 51234 8080\r\nGET /pp HTTP/1.1\r\nHost: alpha.shops.test\r\n" +
                   "X-Forwarded-For: 6.6.6.6\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
        }
        assertThat(upstream().header("X-Forwarded-For")).isEqualTo("203.0.113.7");
    }

    @Test
    void v2_ipv4AndIpv6ClientAddresses() throws Exception {
        try (RawHttp c = h.connect()) {
            c.send(v2(0x21, 0x11, InetAddress.getByName("198.51.100.4").getAddress(),
                      InetAddress.getByName("127.0.0.1").getAddress()));
            assertThat(c.send(GET).read().status()).isEqualTo(200);
            // Keep-alive: the next request on the connection keeps the address.
            assertThat(c.send(GET).read().status()).isEqualTo(200);
        }
        try (RawHttp c = h.connect()) {
            c.send(v2(0x21, 0x21, InetAddress.getByName("2001:db8::5").getAddress(),
                      InetAddress.getByName("::1").getAddress()));
            assertThat(c.send(GET).read().status()).isEqualTo(200);
        }
        final List<String> xff = new ArrayList<>();
        upstreams().forEach(r -> xff.add(r.header("X-Forwarded-For")));
        assertThat(xff).containsExactlyInAnyOrder("198.51.100.4", "198.51.100.4", "2001:db8:0:0:0:0:0:5");
    }

    @Test
    void v2_localCommandKeepsThePeerAddress() throws Exception {
        try (RawHttp c = h.connect()) {
            c.send(v2(0x20, 0x00, new byte[0], new byte[0]));
            assertThat(c.send(GET).read().status()).isEqualTo(200);
        }
        assertThat(upstream().header("X-Forwarded-For")).isEqualTo("127.0.0.1");
    }

    @Test
    void theDenyListAppliesToTheProxiedClient() throws Exception {
        try (RawHttp c = h.connect()) {
            assertThat(c.send("PROXY TCP4 203.0.113.9 127.0.0.1 51234 8080\r\n" + GET).read().status()).isEqualTo(403);
        }
        assertThat(upstreams()).isEmpty();
    }

    @Test
    void anUntrustedPeerIsClosedWithoutAByte() throws Exception {
        try (RawHttp c = new RawHttp(h.address(), "127.0.0.2")) {
            c.send("PROXY TCP4 203.0.113.7 127.0.0.1 51234 8080\r\n" + GET);
            assertThat(c.closedByPeer()).isTrue();
        }
        assertThat(upstreams()).isEmpty();
    }

    @Test
    void aConnectionWithoutAProxyHeaderIsClosed() throws Exception {
        try (RawHttp c = h.connect()) {
            c.send(GET);
            assertThat(c.closedByPeer()).isTrue();
        }
        try (RawHttp c = h.connect()) {
            c.send("PROXY TCP4 not-an-address 127.0.0.1 1 2\r\n" + GET);
            assertThat(c.closedByPeer()).isTrue();
        }
        assertThat(upstreams()).isEmpty();
    }

    @Test
    void aProxyHeaderThatDoesNotComeInTimeClosesTheConnection() throws Exception {
        try (RawHttp c = h.connect()) {
            final long start = System.nanoTime();
            c.send("PROXY TCP4 203.0.113.7");
            assertThat(c.closedByPeer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
    }

    private static byte[] v2(int versionCommand, int family, byte[] source, byte[] destination) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(V2_SIGNATURE);
        out.write(versionCommand);
        out.write(family);
        final int length = source.length == 0 ? 0 : source.length * 2 + 4;
        out.write(length >> 8);
        out.write(length & 0xff);
        if (length > 0) {
            out.writeBytes(source);
            out.writeBytes(destination);
            out.writeBytes(new byte[] {(byte) 0xc8, 0x22, 0x1f, (byte) 0x90});
        }
        return out.toByteArray();
    }

    private static List<RecordedRequest> upstreams() {
        final List<RecordedRequest> all = new ArrayList<>();
        h.stubs().forEach(s -> all.addAll(s.requests()));
        return all;
    }

    private static RecordedRequest upstream() {
        final List<RecordedRequest> all = upstreams();
        assertThat(all).hasSize(1);
        return all.get(0);
    }
}
