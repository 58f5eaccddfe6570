package io.shopset.gateway;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.shopset.testkit.StubShopSet;

/**
 * Issue 9, slow and greedy clients, with short real timeouts ({@code requestHeaders}, {@code
 * bodyIdle} and {@code write} all 300ms): slowloris heads get 408 and a close, stalled bodies 408
 * (or a close once the response started), and a client that does not read its response is dropped
 * with memory bounded meanwhile.
 */
class SlowClientTest {

    static GatewayHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new GatewayHarness("timeouts: {requestHeaders: 300ms, bodyIdle: 300ms, write: 300ms}\n");
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
    void aHeadNotCompleteInTimeGets408AndAClose() throws Exception {
        try (RawHttp c = h.connect()) {
            final long start = System.nanoTime();
            final RawHttp.Response r = c.send("GET / HTTP/1.1\r\nHost: alpha.sh").read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            assertThat(c.closedByPeer()).isTrue();
        }
        assertNothingUpstream();
    }

    @Test
    void aSlowlorisDribblingItsHeadStillGets408() throws Exception {
        final ScheduledExecutorService dribbler = Executors.newSingleThreadScheduledExecutor();
        try (RawHttp c = h.connect()) {
            c.send("GET / HTTP/1.1\r\n");
            final AtomicInteger sent = new AtomicInteger();
            // One header byte every 20ms, for at most 2s: the head never ends.
            dribbler.scheduleAtFixedRate(() -> {
                if (sent.incrementAndGet() < 100) {
                    try {
                        c.send("x");
                    } catch (IOException e) {
                        // Closed by the gateway.
                    }
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            final RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(sent.get()).as("bytes dribbled before the 408").isLessThan(60);
        } finally {
            dribbler.shutdownNow();
        }
        assertNothingUpstream();
    }

    @Test
    void aConnectionThatSendsNothingGets408() throws Exception {
        try (RawHttp c = h.connect()) {
            final RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsNotTimedOutByTheHeadDeadline() throws Exception {
        try (RawHttp c = h.connect()) {
            assertThat(c.send(RawHttp.get("alpha.shops.test", "/one")).read().status()).isEqualTo(200);
            c.timeout(600);
            assertThat(c.closedByPeer()).as("closed within 600ms of idling").isFalse();
            c.timeout(15_000);
            assertThat(c.send(RawHttp.get("alpha.shops.test", "/two")).read().status()).isEqualTo(200);
        }
    }

    @Test
    void aStalledBodyGets408AndAClose() throws Exception {
        try (RawHttp c = h.connect()) {
            final RawHttp.Response r = c.send("POST /upload HTTP/1.1\r\nHost: alpha.shops.test\r\nContent-Length: 10\r\n\r\nabc").read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(c.closedByPeer()).isTrue();
        }
        assertNothingUpstream();
    }

    @Test
    void aStalledBodyAfterTheResponseStartedClosesTheConnection() throws Exception {
        try (EarlyResponder early = new EarlyResponder()) {
            h.reload(h.yaml("", early.endpoint(), h.b1.endpoint()));
            try (RawHttp c = h.connect()) {
                c.send("POST /upload HTTP/1.1\r\nHost: alpha.shops.test\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
                final String rest = new String(c.input().readAllBytes(), ISO_8859_1);
                assertThat(rest).startsWith("HTTP/1.1 200 OK\r\n").contains("5\r\nearly\r\n")
                                .doesNotContain("0\r\n\r\n").doesNotContain("408");
            }
        } finally {
            h.reload(h.yaml(""));
        }
    }

    @Test
    void aClientThatDoesNotReadItsResponseIsDroppedWithBoundedMemory() throws Exception {
        try (Socket s = new Socket(); StreamingTest.MemoryWatch watch = new StreamingTest.MemoryWatch()) {
            s.setReceiveBufferSize(16 * 1024);
            s.connect(new InetSocketAddress(h.address().getAddress(), h.address().getPort()), 5000);
            s.getOutputStream().write(RawHttp.get("alpha.shops.test", "/bytes/" + StreamingTest.HUNDRED_MB).getBytes(ISO_8859_1));
            s.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> h.gateway.activeRequests() == 0);
            s.setSoTimeout(5000);
            final long received = drain(s.getInputStream());
            assertThat(received).as("bytes the slow reader got before it was dropped")
                                .isLessThan(StreamingTest.HUNDRED_MB / 4);
            assertThat(watch.peak()).isLessThan(StreamingTest.DIRECT_MEMORY_BOUND);
        }
    }

    /** Reads to the end (EOF or a reset); returns the byte count. */
    private static long drain(InputStream in) throws IOException {
        final byte[] buf = new byte[64 * 1024];
        long total = 0;
        try {
            for (int n; (n = in.read(buf)) != -1; ) {
                total += n;
            }
        } catch (java.net.SocketException e) {
            // Reset: the gateway closed with data unsent.
        }
        return total;
    }

    private static void assertNothingUpstream() {
        for (StubShopSet s : h.stubs()) {
            assertThat(s.requests()).as(s.endpointName()).isEmpty();
        }
    }
}
