package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.shopset.testkit.StubShopSet;

/**
 * Issue 9, body size per shop: {@code http.maxBodySize} (1000 here) unless the shop's
 * {@code limits.maxBodySize} says otherwise (beta 5000, vip 0 = none). A declared length over the
 * limit is refused before anything goes upstream; a chunked body is cut off where it crosses it.
 */
class BodyLimitTest {

    static final String ALPHA = "{id: alpha, hosts: [www.alpha.example], shopsets: [prod-a, prod-b]}";
    static GatewayHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new GatewayHarness("http: {maxBodySize: 1000}\n");
        h.reload(routing(h.yaml("http: {maxBodySize: 1000}\n")));
    }

    static String routing(String yaml) {
        return yaml.replace("{id: beta, shopsets: [prod-b, prod-a]}",
                            "{id: beta, shopsets: [prod-b, prod-a], limits: {maxBodySize: 5000}}")
                   .replace("{id: vip, shopsets: [vip-1]}", "{id: vip, shopsets: [vip-1], limits: {maxBodySize: 0}}");
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
    void aDeclaredLengthOverTheLimitIs413BeforeAnythingGoesUpstream() throws Exception {
        try (RawHttp c = h.connect()) {
            final RawHttp.Response r = c.send("POST /upload HTTP/1.1\r\nHost: alpha.shops.test\r\nContent-Length: 1001\r\n\r\n")
                                        .read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(r.bodyText()).contains("body_too_large", "1001", "1000");
            assertThat(c.closedByPeer()).isTrue();
        }
        assertNothingUpstream();
    }

    @Test
    void aBodyAtTheLimitGoesThrough() throws Exception {
        try (RawHttp c = h.connect()) {
            final RawHttp.Response r = c.send("POST /upload HTTP/1.1\r\nHost: alpha.shops.test\r\nContent-Length: 1000\r\n\r\n" +
                                              "x".repeat(1000)).read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).contains("\"received\": 1000");
        }
    }

    @Test
    void aChunkedBodyIsCutOffWhereItCrossesTheLimit() throws Exception {
        try (RawHttp c = h.connect()) {
            c.send("POST /upload HTTP/1.1\r\nHost: alpha.shops.test\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 3; i++) {
                c.send("190\r\n" + "y".repeat(400) + "\r\n");
            }
            final RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(c.closedByPeer()).isTrue();
        }
        assertNothingUpstream();
        // The upstream connection the cut request was using is not reused: the next request arrives whole.
        for (int i = 0; i < 4; i++) {
            try (RawHttp c = h.connect()) {
                final RawHttp.Response next = c.send("POST /upload HTTP/1.1\r\nHost: alpha.shops.test\r\nContent-Length: 10\r\n\r\n" +
                                                     "0123456789").read();
                assertThat(next.status()).isEqualTo(200);
                assertThat(next.bodyText()).contains("\"received\": 10");
            }
        }
        assertThat(h.a1.requests().size() + h.a2.requests().size()).isEqualTo(4);
    }

    @Test
    void aChunkedBodyUnderTheLimitGoesThrough() throws Exception {
        try (RawHttp c = h.connect()) {
            final RawHttp.Response r = c.send("POST /upload HTTP/1.1\r\nHost: alpha.shops.test\r\nTransfer-Encoding: chunked\r\n\r\n" +
                                              "190\r\n" + "y".repeat(400) + "\r\n190\r\n" + "y".repeat(400) + "\r\n0\r\n\r\n")
                                        .read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).contains("\"received\": 800");
        }
    }

    @Test
    void aShopsOwnLimitOverridesTheDefault() throws Exception {
        try (RawHttp c = h.connect()) {
            final RawHttp.Response ok = c.send("POST /upload HTTP/1.1\r\nHost: beta.shops.test\r\nContent-Length: 3000\r\n\r\n" +
                                               "z".repeat(3000)).read();
            assertThat(ok.status()).isEqualTo(200);
            final RawHttp.Response over = c.send("POST /upload HTTP/1.1\r\nHost: beta.shops.test\r\nContent-Length: 5001\r\n\r\n")
                                           .read();
            assertThat(over.status()).isEqualTo(413);
        }
        try (RawHttp c = h.connect()) {
            // vip: 0, no limit.
            final RawHttp.Response r = c.send("POST /upload HTTP/1.1\r\nHost: vip.shops.test\r\nContent-Length: 20000\r\n\r\n" +
                                              "v".repeat(20000)).read();
            assertThat(r.status()).isEqualTo(200);
        }
    }

    @Test
    void aBodyCrossingTheLimitAfterTheResponseStartedClosesTheConnection() throws Exception {
        try (EarlyResponder early = new EarlyResponder()) {
            h.reload(routing(h.yaml("", early.endpoint(), h.b1.endpoint())));
            try (RawHttp c = h.connect()) {
                c.send("POST /upload HTTP/1.1\r\nHost: alpha.shops.test\r\nTransfer-Encoding: chunked\r\n\r\n190\r\n" +
                       "y".repeat(400) + "\r\n");
                final InputStream in = c.input();
                assertThat(new String(in.readNBytes(17), java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 200 OK\r\n");
                c.send("190\r\n" + "y".repeat(400) + "\r\n190\r\n" + "y".repeat(400) + "\r\n");
                final String rest = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(rest).contains("5\r\nearly\r\n").doesNotContain("0\r\n\r\n").doesNotContain("413");
            }
        } finally {
            h.reload(routing(h.yaml("")));
        }
    }

    private static void assertNothingUpstream() {
        for (StubShopSet s : h.stubs()) {
            assertThat(s.requests()).as(s.endpointName()).isEmpty();
        }
    }
}
