package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.shopset.testkit.StubShopSet;

/**
 * Issue 9, strict HTTP/1.1: one raw-socket case per rule that {@link StrictFramingTest} does not
 * cover yet. Exact bytes in, exact status out, {@code Connection: close} and a close, and no stub
 * upstream records any request.
 */
class EdgeFramingTest {

    static final String HOST = "Host: alpha.shops.test\r\n";
    static final String CHUNKED = "POST /upload HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n";

    static GatewayHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new GatewayHarness("http: {maxHeaders: 20}\n");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void clear() {
        h.stubs().forEach(StubShopSet::clearRecorded);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                // 1 obsolete line folding (SP) in a header
                Arguments.of("obs-fold SP", "GET / HTTP/1.1\r\n" + HOST + "X-A: 1\r\n folded\r\n\r\n", 400),
                // 2 obsolete line folding (HTAB) in a header
                Arguments.of("obs-fold HTAB", "GET / HTTP/1.1\r\n" + HOST + "X-A: 1\r\n\tfolded\r\n\r\n", 400),
                // 3 obsolete line folding of the Host header itself
                Arguments.of("obs-fold Host", "GET / HTTP/1.1\r\nHost: alpha\r\n .shops.test\r\n\r\n", 400),
                // 4 whitespace between the request line and the first header
                Arguments.of("space before first header", "GET / HTTP/1.1\r\n " + HOST + "\r\n", 400),
                // 5 obsolete line folding in a chunked body's trailer section
                Arguments.of("obs-fold trailer", CHUNKED + "3\r\nabc\r\n0\r\nX-T: 1\r\n folded\r\n\r\n", 400),
                // 6 more header fields than http.maxHeaders (20 here)
                Arguments.of("header count", "GET / HTTP/1.1\r\n" + HOST + "X-H: 1\r\n".repeat(20) + "\r\n", 431),
                // 7 more trailer fields than http.maxHeaders
                Arguments.of("trailer count", CHUNKED + "0\r\n" + "X-T: 1\r\n".repeat(21) + "\r\n", 431),
                // 8 the same Content-Length twice
                Arguments.of("repeated equal Content-Length",
                             "POST /upload HTTP/1.1\r\n" + HOST + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400),
                // 9 a Content-Length list
                Arguments.of("Content-Length list", "POST /upload HTTP/1.1\r\n" + HOST + "Content-Length: 3, 3\r\n\r\nabc", 400),
                // 10 a signed Content-Length
                Arguments.of("signed Content-Length", "POST /upload HTTP/1.1\r\n" + HOST + "Content-Length: +3\r\n\r\nabc", 400),
                // 11 an empty Content-Length
                Arguments.of("empty Content-Length", "POST /upload HTTP/1.1\r\n" + HOST + "Content-Length: \r\n\r\n", 400),
                // 12 chunked applied twice
                Arguments.of("chunked twice", "POST /upload HTTP/1.1\r\n" + HOST +
                                              "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
                // 13 a transfer coding whose last coding is not chunked (RFC 9112 6.3: 400)
                Arguments.of("chunked not final", "POST /upload HTTP/1.1\r\n" + HOST + "Transfer-Encoding: identity\r\n\r\n", 400),
                // 14 Transfer-Encoding in an HTTP/1.0 request
                Arguments.of("TE on HTTP/1.0", "POST /upload HTTP/1.0\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
                // 15 NUL in a header value
                Arguments.of("NUL in value", "GET / HTTP/1.1\r\n" + HOST + "X-A: a\0b\r\n\r\n", 400),
                // 16 bare CR in a header value
                Arguments.of("CR in value", "GET / HTTP/1.1\r\n" + HOST + "X-A: a\rb\r\n\r\n", 400),
                // 17 whitespace between a header name and the colon
                Arguments.of("space before colon", "GET / HTTP/1.1\r\n" + HOST + "X-A : 1\r\n\r\n", 400),
                // 18 a header line without a colon
                Arguments.of("no colon", "GET / HTTP/1.1\r\n" + HOST + "X-A\r\n\r\n", 400),
                // 19 a chunk size over 2^31-1 (overflow)
                Arguments.of("chunk size overflow", CHUNKED + "FFFFFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n", 400),
                // 20 a chunk-size line over the line limit (8 KiB of extension)
                Arguments.of("chunk line too long", CHUNKED + "3;x=" + "y".repeat(9000) + "\r\nabc\r\n0\r\n\r\n", 400),
                // 21 a chunk-size line ended by a bare LF
                Arguments.of("chunk size bare LF", CHUNKED + "3\nabc\r\n0\r\n\r\n", 400),
                // 22 chunk data not followed by CRLF
                Arguments.of("chunk data no CRLF", CHUNKED + "3\r\nabcXY\r\n0\r\n\r\n", 400),
                // 23 chunk data followed by a bare LF
                Arguments.of("chunk data bare LF", CHUNKED + "3\r\nabc\n0\r\n\r\n", 400),
                // 24 whitespace before a chunk size
                Arguments.of("space before chunk size", CHUNKED + " 3\r\nabc\r\n0\r\n\r\n", 400),
                // 25 a header section ended by a bare LF
                Arguments.of("head ends bare LF", "GET / HTTP/1.1\r\n" + HOST + "\n", 400),
                // 26 an empty Host
                Arguments.of("empty Host", "GET / HTTP/1.1\r\nHost: \r\n\r\n", 400),
                // 27 an absolute-form target with user info
                Arguments.of("userinfo in target", "GET http://u@alpha.shops.test/ HTTP/1.1\r\n" + HOST + "\r\n", 400),
                // 28 HTTP/2.0 in an HTTP/1 request line
                Arguments.of("HTTP/2.0 request line", "GET / HTTP/2.0\r\n" + HOST + "\r\n", 505),
                // 29 a lower-case protocol name
                Arguments.of("lower-case protocol", "GET / http/1.1\r\n" + HOST + "\r\n", 400),
                // 30 trailing whitespace after the version
                Arguments.of("space after version", "GET / HTTP/1.1 \r\n" + HOST + "\r\n", 400),
                // 31 two spaces between method and target
                Arguments.of("double space in request line", "GET  / HTTP/1.1\r\n" + HOST + "\r\n", 400),
                // 32 a tab between method and target
                Arguments.of("tab in request line", "GET\t/ HTTP/1.1\r\n" + HOST + "\r\n", 400),
                // 33 a request line without a version (HTTP/0.9 style)
                Arguments.of("no version", "GET /\r\n" + HOST + "\r\n", 400)
        );
    }

    @ParameterizedTest(name = "[{index}] {0} -> {2}")
    @MethodSource("refused")
    void refusesClosesAndForwardsNothing(String rule, String request, int status) throws Exception {
        try (RawHttp c = h.connect()) {
            final RawHttp.Response r = c.send(request).read();
            assertThat(r.status()).as(rule).isEqualTo(status);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(c.closedByPeer()).isTrue();
        }
        for (StubShopSet s : h.stubs()) {
            assertThat(s.requests()).as(rule + " reached " + s.endpointName()).isEmpty();
        }
    }

    @Test
    void obsFoldInAPipelinedRequestIsRefusedAfterTheRequestBeforeItIsServed() throws Exception {
        try (RawHttp c = h.connect()) {
            c.send(RawHttp.get("alpha.shops.test", "/first") + "GET /second HTTP/1.1\r\n" + HOST + "X-A: 1\r\n folded\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
            final RawHttp.Response refused = c.read();
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.bodyText()).contains("obsolete line folding");
            assertThat(c.closedByPeer()).isTrue();
        }
        assertThat(h.a1.requests().size() + h.a2.requests().size()).isEqualTo(1);
    }

    @Test
    void obsFoldSentByteByByteIsRefused() throws Exception {
        final byte[] request = ("GET / HTTP/1.1\r\n" + HOST + "X-A: 1\r\n folded\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        try (RawHttp c = h.connect()) {
            for (byte b : request) {
                c.send(new byte[] {b});
            }
            assertThat(c.read().status()).isEqualTo(400);
        }
        for (StubShopSet s : h.stubs()) {
            assertThat(s.requests()).isEmpty();
        }
    }

    @Test
    void acceptsWhatTheRulesAllow() throws Exception {
        // Leading empty lines, tabs and obs-text in values, exactly maxHeaders fields, chunk
        // extensions, trailers, and an HTTP/1.2 request line (a 1.x minor version).
        try (RawHttp c = h.connect()) {
            c.send("\r\nGET / HTTP/1.1\r\n" + HOST + "X-A: a\tb \u00e9\r\n" + "X-H: 1\r\n".repeat(18) + "\r\n");
            assertThat(c.read().status()).isEqualTo(200);
            c.send(CHUNKED + "3;name=value\r\nabc\r\n0\r\nX-T: 1\r\n\r\n");
            final RawHttp.Response upload = c.read();
            assertThat(upload.status()).isEqualTo(200);
            assertThat(upload.bodyText()).contains("\"received\": 3");
            c.send("GET / HTTP/1.2\r\n" + HOST + "\r\n");
            assertThat(c.read().status()).isEqualTo(200);
        }
    }
}
