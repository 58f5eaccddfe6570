package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import io.shopset.testkit.StubShopSet;

/** Ambiguous or oversized requests get their status, the connection closes, and no upstream sees any of it. */
class StrictFramingTest {

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

    static Stream<Arguments> refused() {
        final String host = "Host: alpha.shops.test\r\n";
        return Stream.of(
                // 1 Content-Length together with Transfer-Encoding
                Arguments.of("POST / HTTP/1.1\r\n" + host + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
                // 2 two different Content-Length values
                Arguments.of("POST / HTTP/1.1\r\n" + host + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
                // 3 a malformed Content-Length
                Arguments.of("POST / HTTP/1.1\r\n" + host + "Content-Length: 3x\r\n\r\nabc", 400),
                // 4 a Transfer-Encoding other than chunked
                Arguments.of("POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501),
                // 5 missing Host
                Arguments.of("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400),
                // 6 repeated Host
                Arguments.of("GET / HTTP/1.1\r\n" + host + "Host: beta.shops.test\r\n\r\n", 400),
                // 7 absolute-form target whose authority differs from Host
                Arguments.of("GET http://beta.shops.test/ HTTP/1.1\r\n" + host + "\r\n", 400),
                // 8 invalid character in a header name
                Arguments.of("GET / HTTP/1.1\r\n" + host + "Bad Header: x\r\n\r\n", 400),
                // 9 bare LF line endings
                Arguments.of("GET / HTTP/1.1\n" + host.replace("\r", "") + "\n", 400),
                // 10 request line over 8 KiB
                Arguments.of("GET /" + "a".repeat(9000) + " HTTP/1.1\r\n" + host + "\r\n", 414),
                // 11 header section over 32 KiB
                Arguments.of("GET / HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(40_000) + "\r\n\r\n", 431),
                // 12 malformed chunk size
                Arguments.of("POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", 400)
        );
    }

    @ParameterizedTest(name = "[{index}] -> {1}")
    @MethodSource("refused")
    void refusesAndCloses(String request, int status) throws Exception {
        try (RawHttp c = h.connect()) {
            final RawHttp.Response r = c.send(request).read();
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(c.closedByPeer()).isTrue();
        }
        if (status != 400 || !request.contains("zz\r\n")) {
            // Everything but a broken chunk is refused before any byte goes upstream.
            for (StubShopSet s : h.stubs()) {
                assertThat(s.requests()).as(s.endpointName()).isEmpty();
            }
        }
    }

    @ParameterizedTest(name = "[{index}] absolute form with matching authority")
    @MethodSource("matchingAbsoluteForms")
    void acceptsAnAbsoluteFormTargetMatchingHost(String request) throws Exception {
        try (RawHttp c = h.connect()) {
            assertThat(c.send(request).read().status()).isEqualTo(200);
        }
    }

    static Stream<String> matchingAbsoluteForms() {
        return Stream.of("GET http://alpha.shops.test/x HTTP/1.1\r\nHost: alpha.shops.test\r\n\r\n",
                         "GET http://ALPHA.shops.test:80/x HTTP/1.1\r\nHost: alpha.shops.test:80\r\n\r\n");
    }
}
