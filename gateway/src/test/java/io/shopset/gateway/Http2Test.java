package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.Http2Error;
import io.shopset.gateway.Http2FrameClient.GoAwayFrame;
import io.shopset.gateway.Http2FrameClient.ResetFrame;
import io.shopset.gateway.Http2FrameClient.SettingsFrame;
import io.shopset.gateway.metrics.GatewayMeterNames;
import io.shopset.testkit.RecordedRequest;
import io.shopset.testkit.StubShopSet;

/**
 * Issue 9, HTTP/2 on the TLS listener: requests over h2 (Netty's client) reach the stub ShopSets as
 * HTTP/1.1 keep-alive with the usual forwarded headers, streams run concurrently on one connection,
 * and each HTTP/2 guard refuses what it should (a frame-level client sends the attacks) while the
 * upstream sees nothing of a refused stream.
 */
class Http2Test {

    static final String PLATFORM = "alpha.shops.test";
    /** {@code tls.http2.maxResets} in the gateway's config below. */
    static final int RESET_LIMIT = 10;
    static Path dir;
    static GatewayHarness h;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("shopset-h2");
        TestCertificates.write(dir.resolve("platform.pem"), dir.resolve("platform.key"), 1, "*.shops.test", "shops.test");
        h = new GatewayHarness("timeouts: {write: 2s}\n" +
                               "tls:\n" +
                               "  listen: \"127.0.0.1:0\"\n" +
                               "  certificates: [{certFile: \"" + dir.resolve("platform.pem") + "\", keyFile: \"" +
                               dir.resolve("platform.key") + "\"}]\n" +
                               "  http2: {maxConcurrentStreams: 6, maxHeaderListSize: 8192, maxResets: " + RESET_LIMIT +
                               ", resetWindow: 60s}\n");
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @BeforeEach
    void clear() {
        h.stubs().forEach(StubShopSet::clearRecorded);
    }

    // ---- proxying ----

    @Test
    void aGetOverH2ReachesTheShopSetAsHttp11KeepAliveWithForwardedHeaders() throws Exception {
        try (Http2TestClient c = client(PLATFORM)) {
            for (int i = 0; i < 2; i++) {
                final var req = Http2TestClient.request(HttpMethod.GET, PLATFORM, "/h2/get?x=" + i);
                req.headers().set("x-test", "yes");
                final Http2TestClient.Response res = c.send(req).get(10, TimeUnit.SECONDS);
                assertThat(res.status()).isEqualTo(200);
            }
        }
        final List<RecordedRequest> seen = recorded("/h2/get");
        assertThat(seen).hasSize(2);
        final RecordedRequest r = seen.get(0);
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.uri()).isEqualTo("/h2/get?x=0");
        assertThat(r.header("Host")).isEqualTo(PLATFORM);
        assertThat(r.header("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(r.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(r.header("X-Forwarded-Host")).isEqualTo(PLATFORM);
        assertThat(r.header("X-Shop-Id")).isEqualTo("alpha");
        assertThat(r.header("x-test")).isEqualTo("yes");
        assertThat(r.header("Content-Length")).isNull();
        assertThat(r.header("Transfer-Encoding")).isNull();
        assertThat(r.headers().names()).noneMatch(n -> n.startsWith(":") || n.toLowerCase().startsWith("x-http2"));
        // One upstream connection carried both: HTTP/1.1 keep-alive upstream.
        assertThat(h.a1.connectionsAccepted() + h.a2.connectionsAccepted()).isLessThanOrEqualTo(1);
    }

    @ParameterizedTest(name = "content-length announced: {0}")
    @ValueSource(booleans = {true, false})
    void aPostBodyStreamsUpstreamThroughTheFlowControlWindows(boolean withLength) throws Exception {
        final byte[] body = new byte[100_000];
        Arrays.fill(body, (byte) 'b');
        try (Http2TestClient c = client(PLATFORM)) {
            final Http2TestClient.Response res = c.send(Http2TestClient.request(HttpMethod.POST, PLATFORM, "/upload", body,
                                                                               withLength))
                                                  .get(10, TimeUnit.SECONDS);
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.body()).contains("\"received\": 100000");
        }
        final RecordedRequest r = recorded("/upload").get(0);
        assertThat(r.bodyBytes()).isEqualTo(100_000);
        if (withLength) {
            assertThat(r.header("Content-Length")).isEqualTo("100000");
        } else {
            assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
        }
    }

    @Test
    void severalStreamsRunAtOnceOnOneConnection() throws Exception {
        try (Http2TestClient c = client(PLATFORM)) {
            final List<CompletableFuture<Http2TestClient.Response>> responses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                responses.add(c.send(Http2TestClient.request(HttpMethod.GET, i % 2 == 0 ? PLATFORM : "beta.shops.test",
                                                             "/delay/1500?concurrent")));
            }
            // All six are in flight together on the one connection.
            await().atMost(Duration.ofSeconds(5)).until(() -> h.gateway.activeRequests() == 6);
            assertThat(gauge(GatewayMeterNames.CONNECTIONS_ACTIVE, "listener", "tls")).isEqualTo(1);
            for (CompletableFuture<Http2TestClient.Response> f : responses) {
                assertThat(f.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        }
        assertThat(recorded("/delay/1500?concurrent")).extracting(r -> r.header("X-Shop-Id"))
                                                      .containsExactlyInAnyOrder("alpha", "alpha", "alpha", "beta", "beta", "beta");
    }

    @Test
    void anUnknownHostGets404FromTheGateway() throws Exception {
        try (Http2TestClient c = client("unknown.example")) {
            final Http2TestClient.Response res = c.send(Http2TestClient.request(HttpMethod.GET, "unknown.example", "/nowhere"))
                                                  .get(10, TimeUnit.SECONDS);
            assertThat(res.status()).isEqualTo(404);
            assertThat(res.body()).contains("no_route");
        }
        assertThat(recorded("/nowhere")).isEmpty();
    }

    @Test
    void aClientOfferingOnlyHttp11GetsHttp11() throws Exception {
        final SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        final InetSocketAddress a = h.gateway.tlsAddress();
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(a.getAddress(), a.getPort())) {
            final SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(PLATFORM)));
            p.setApplicationProtocols(new String[] {"http/1.1"});
            s.setSSLParameters(p);
            s.startHandshake();
            assertThat(s.getApplicationProtocol()).isEqualTo("http/1.1");
            assertThat(new RawHttp(s).send(RawHttp.get(PLATFORM, "/h1")).read().status()).isEqualTo(200);
        }
    }

    // ---- guards ----

    @Test
    void theGatewayAnnouncesItsStreamWindowAndHeaderLimits() throws Exception {
        try (Http2FrameClient c = frames()) {
            final SettingsFrame s = c.await(SettingsFrame.class, f -> true);
            assertThat(s.settings().maxConcurrentStreams()).isEqualTo(6);
            assertThat(s.settings().initialWindowSize()).isEqualTo(65535);
            assertThat(s.settings().maxHeaderListSize()).isEqualTo(8192);
        }
    }

    /**
     * The client sends exactly {@value #RESET_LIMIT} + 1 HEADERS and RST_STREAM pairs (the last RST is
     * the one past the limit) and nothing after. Were it to go on sending, the gateway would close with
     * those bytes unread and its kernel would answer them with a TCP reset; the reset, or the client's
     * next write failing on it, can end the client's connection before it has read the GOAWAY (the
     * rare failure this test used to have, with only SETTINGS seen).
     */
    @Test
    void rapidResetEndsTheConnectionWithGoAway() throws Exception {
        final double before = rejections("h2_rapid_reset");
        try (Http2FrameClient c = frames()) {
            for (int i = 0; i <= RESET_LIMIT; i++) {
                final int stream = 1 + 2 * i;
                c.headers(stream, Http2FrameClient.request("GET", PLATFORM, "/delay/2000?rapid"), true);
                c.reset(stream, Http2Error.CANCEL);
            }
            final GoAwayFrame g = c.awaitExplained(GoAwayFrame.class, f -> true,
                                                   "after " + (RESET_LIMIT + 1) + " HEADERS+RST_STREAM pairs");
            assertThat(g.error()).isEqualTo(Http2Error.ENHANCE_YOUR_CALM.code());
            assertThat(c.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(rejections("h2_rapid_reset")).isEqualTo(before + 1);
    }

    /**
     * Each stream's WINDOW_UPDATE of 0 makes the gateway reset it; the client waits for that reset
     * before the next stream, so each reset is a PROTOCOL_ERROR (none refused for the concurrency
     * limit) and the one past {@value #RESET_LIMIT} is the last frame the client sends (see above).
     */
    @Test
    void resetsTheClientProvokesEndTheConnectionWithGoAway() throws Exception {
        final double before = rejections("h2_server_resets");
        try (Http2FrameClient c = frames()) {
            for (int i = 0; i <= RESET_LIMIT; i++) {
                final int stream = 1 + 2 * i;
                c.headers(stream, Http2FrameClient.request("GET", PLATFORM, "/delay/2000?provoked"), true);
                // A WINDOW_UPDATE of 0 is a stream error: the gateway must reset the stream.
                c.windowUpdate(stream, 0);
                final ResetFrame r = c.awaitExplained(ResetFrame.class, f -> f.stream() == stream,
                                                      "after " + (i + 1) + " streams with a WINDOW_UPDATE of 0");
                assertThat(r.error()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
            }
            final GoAwayFrame g = c.awaitExplained(GoAwayFrame.class, f -> true,
                                                   "after " + (RESET_LIMIT + 1) + " provoked resets");
            assertThat(g.error()).isEqualTo(Http2Error.ENHANCE_YOUR_CALM.code());
            assertThat(c.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(rejections("h2_server_resets")).isEqualTo(before + 1);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"connection, keep-alive", "keep-alive, timeout=5", "proxy-connection, keep-alive",
                "transfer-encoding, chunked", "upgrade, websocket", "te, gzip"})
    void aConnectionSpecificHeaderIsAStreamErrorAndNeverReachesTheShopSet(String name, String value) throws Exception {
        final double before = rejections("h2_stream_error");
        try (Http2FrameClient c = frames()) {
            c.headers(1, Http2FrameClient.request("GET", PLATFORM, "/conn-specific/bad", name, value), true);
            final ResetFrame r = c.await(ResetFrame.class, f -> f.stream() == 1);
            assertThat(r.error()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
            // Only the stream failed: the connection serves the next one.
            c.headers(3, Http2FrameClient.request("GET", PLATFORM, "/conn-specific/good", "te", "trailers"), true);
            assertThat(c.awaitStatus(3)).isEqualTo(200);
        }
        assertThat(rejections("h2_stream_error")).isEqualTo(before + 1);
        assertThat(recorded("/conn-specific")).extracting(RecordedRequest::uri).containsExactly("/conn-specific/good");
    }

    @ParameterizedTest(name = "content-length {0}, DATA \"{1}\"")
    @CsvSource({"5, hello world", "20, hello"})
    void dataThatDoesNotAddUpToTheContentLengthResetsTheStream(int length, String data) throws Exception {
        try (Http2FrameClient c = frames()) {
            c.headers(1, Http2FrameClient.request("POST", PLATFORM, "/upload?mismatch", "content-length",
                                                  String.valueOf(length)), false);
            c.data(1, data.getBytes(StandardCharsets.US_ASCII), true);
            final ResetFrame r = c.await(ResetFrame.class, f -> f.stream() == 1);
            assertThat(r.error()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
        }
        // The upstream may have seen the head; it never got a complete request.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
               .until(() -> recorded("/upload?mismatch").isEmpty());
    }

    @Test
    void aHeaderListOverTheLimitIsRefusedWith431() throws Exception {
        final double before = rejections("h2_stream_error");
        try (Http2FrameClient c = frames()) {
            c.headers(1, Http2FrameClient.request("GET", PLATFORM, "/431/big", "x-big", "a".repeat(9000)), true);
            assertThat(c.awaitStatus(1)).isEqualTo(431);
            c.headers(3, Http2FrameClient.request("GET", PLATFORM, "/431/after"), true);
            assertThat(c.awaitStatus(3)).isEqualTo(200);
        }
        assertThat(recorded("/431")).extracting(RecordedRequest::uri).containsExactly("/431/after");
        assertThat(rejections("h2_stream_error")).isEqualTo(before + 1);
    }

    /**
     * A header block that never ends: many small CONTINUATION frames (more than 16 in a row under
     * 8 KiB each), or large ones beyond 1.25 × maxHeaderListSize (10240 bytes here). Exactly enough
     * frames to cross the line go out in one write: a client that keeps sending after the GOAWAY
     * makes the gateway's close a TCP reset, which can swallow the GOAWAY.
     */
    @ParameterizedTest(name = "{1} CONTINUATION frames of {0} bytes")
    @CsvSource({"100, 16, " + 11 /* ENHANCE_YOUR_CALM */, "9000, 1, " + 1 /* PROTOCOL_ERROR */})
    void aContinuationFloodEndsTheConnectionBeforeItIsBuffered(int fragment, int continuations, long error)
            throws Exception {
        final double before = rejections("h2_flood");
        try (Http2FrameClient c = frames()) {
            c.await(SettingsFrame.class, f -> true);
            final byte[] payload = new byte[fragment];
            final java.io.ByteArrayOutputStream flood = new java.io.ByteArrayOutputStream();
            flood.writeBytes(Http2FrameClient.frame(Http2FrameClient.HEADERS, Http2FrameClient.END_STREAM, 1, payload));
            for (int i = 0; i < continuations; i++) {
                flood.writeBytes(Http2FrameClient.frame(Http2FrameClient.CONTINUATION, (byte) 0, 1, payload));
            }
            c.raw(flood.toByteArray());
            final GoAwayFrame g = c.await(GoAwayFrame.class, f -> true);
            assertThat(g.error()).isEqualTo(error);
            assertThat(c.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(rejections("h2_flood")).isEqualTo(before + 1);
    }

    @Test
    void aStreamOverMaxConcurrentStreamsIsRefused() throws Exception {
        final double before = rejections("h2_refused_stream");
        try (Http2FrameClient c = frames()) {
            for (int i = 0; i < 7; i++) {
                c.headers(1 + 2 * i, Http2FrameClient.request("GET", PLATFORM, "/delay/1000?refused"), true);
            }
            final ResetFrame r = c.await(ResetFrame.class, f -> true);
            assertThat(r.stream()).isEqualTo(13);
            assertThat(r.error()).isEqualTo(Http2Error.REFUSED_STREAM.code());
            for (int i = 0; i < 6; i++) {
                assertThat(c.awaitStatus(1 + 2 * i)).isEqualTo(200);
            }
        }
        assertThat(rejections("h2_refused_stream")).isEqualTo(before + 1);
    }

    @Test
    void aStreamWhoseWindowTheClientNeverOpensIsResetAfterTheWriteTimeout() throws Exception {
        final double before = rejections("write_timeout");
        try (Http2FrameClient c = frames()) {
            // A large download; this client never sends WINDOW_UPDATE, so after 65535 bytes the stream stalls.
            c.headers(1, Http2FrameClient.request("GET", PLATFORM, "/bytes/10000000"), true);
            final ResetFrame r = c.await(ResetFrame.class, f -> f.stream() == 1);
            assertThat(r.error()).isEqualTo(Http2Error.CANCEL.code());
            // Only the stream: the connection serves the next one (once the client gives the connection's window back).
            c.windowUpdate(0, 65535);
            c.headers(3, Http2FrameClient.request("GET", PLATFORM, "/after-stall"), true);
            assertThat(c.awaitStatus(3)).isEqualTo(200);
        }
        assertThat(rejections("write_timeout")).isEqualTo(before + 1);
    }

    @Test
    void aDrainingGatewaySendsGoAwayAndLetsOpenStreamsFinish() throws Exception {
        try (GatewayHarness own = new GatewayHarness("tls: {listen: \"127.0.0.1:0\", certificates: [{certFile: \"" +
                                                     dir.resolve("platform.pem") + "\", keyFile: \"" +
                                                     dir.resolve("platform.key") + "\"}]}\n");
             Http2TestClient c = Http2TestClient.connect(own.gateway.tlsAddress(), PLATFORM)) {
            final CompletableFuture<Http2TestClient.Response> inFlight =
                    c.send(Http2TestClient.request(HttpMethod.GET, PLATFORM, "/delay/800?drain"));
            await().atMost(Duration.ofSeconds(5)).until(() -> own.gateway.activeRequests() == 1);
            final CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> own.gateway.stop(Duration.ofSeconds(10)));
            assertThat(c.goAway.get(5, TimeUnit.SECONDS)).isEqualTo(Http2Error.NO_ERROR.code());
            assertThat(inFlight.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(stopped.get(15, TimeUnit.SECONDS)).as("drained in time").isTrue();
        }
    }

    // ---- helpers ----

    private static Http2TestClient client(String sni) throws Exception {
        return Http2TestClient.connect(h.gateway.tlsAddress(), sni);
    }

    private static Http2FrameClient frames() throws Exception {
        return Http2FrameClient.connect(h.gateway.tlsAddress(), PLATFORM);
    }

    /** What the stub ShopSets received under {@code prefix} (paths are unique per test: late requests of one never count for another). */
    private static List<RecordedRequest> recorded(String prefix) {
        final List<RecordedRequest> all = new ArrayList<>();
        h.stubs().forEach(s -> s.requests().stream().filter(r -> r.uri().startsWith(prefix)).forEach(all::add));
        return all;
    }

    private static double rejections(String reason) {
        return h.counter(GatewayMeterNames.EDGE_REJECTIONS, GatewayMeterNames.TAG_REASON, reason);
    }

    private static double gauge(String name, String... tags) {
        final var g = h.registry.find(name).tags(tags).gauge();
        return g == null ? Double.NaN : g.value();
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
