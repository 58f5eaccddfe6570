package io.shopset.gateway;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.netty.buffer.PooledByteBufAllocator;

/** Bodies stream both ways with back-pressure; framing behaves as RFC 9112 says. */
class StreamingTest {

    static final long HUNDRED_MB = 100L * 1024 * 1024;
    /** Far below any body here: a proxy that buffered one would blow through it. */
    static final long DIRECT_MEMORY_BOUND = 48L * 1024 * 1024;

    static GatewayHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new GatewayHarness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void streamsA100MbDownloadWithBoundedMemory() throws Exception {
        try (RawHttp c = h.connect(); MemoryWatch watch = new MemoryWatch()) {
            c.send(RawHttp.get("alpha.shops.test", "/bytes/" + HUNDRED_MB));
            final InputStream in = c.input();
            final String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
            long received = 0;
            long mismatches = 0;
            for (;;) {
                final int n = Integer.parseInt(line(in), 16);
                if (n == 0) {
                    line(in);
                    break;
                }
                final byte[] chunk = in.readNBytes(n);
                for (byte b : chunk) {
                    if (b != (byte) (received++ % 251)) {
                        mismatches++;
                    }
                }
                line(in);
            }
            assertThat(received).isEqualTo(HUNDRED_MB);
            assertThat(mismatches).isZero();
            assertThat(watch.peak()).isLessThan(DIRECT_MEMORY_BOUND);
        }
    }

    @Test
    void streamsA100MbUploadWithBoundedMemory() throws Exception {
        try (RawHttp c = h.connect(); MemoryWatch watch = new MemoryWatch()) {
            final OutputStream out = c.output();
            out.write(("POST /upload HTTP/1.1\r\nHost: alpha.shops.test\r\nContent-Length: " + HUNDRED_MB +
                       "\r\n\r\n").getBytes(ISO_8859_1));
            final byte[] block = new byte[64 * 1024];
            for (long sent = 0; sent < HUNDRED_MB; sent += block.length) {
                out.write(block);
            }
            out.flush();
            final RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).contains("\"received\": " + HUNDRED_MB);
            assertThat(watch.peak()).isLessThan(DIRECT_MEMORY_BOUND);
        }
    }

    @Test
    void forwardsAChunkedUploadChunked() throws Exception {
        try (RawHttp c = h.connect()) {
            final StringBuilder req = new StringBuilder(
                    "POST /upload HTTP/1.1\r\nHost: alpha.shops.test\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 10; i++) {
                req.append("400\r\n").append("x".repeat(1024)).append("\r\n");
            }
            req.append("0\r\n\r\n");
            final RawHttp.Response r = c.send(req.toString()).read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).contains("\"received\": 10240");
        }
    }

    @Test
    void relaysChunkedAndLengthDelimitedResponsesExactly() throws Exception {
        try (RawHttp c = h.connect()) {
            final RawHttp.Response chunked = c.send(RawHttp.get("alpha.shops.test", "/bytes/300000")).read();
            assertThat(chunked.chunked()).isTrue();
            assertThat(chunked.body()).hasSize(300_000);
            assertThat(chunked.body()[1000]).isEqualTo((byte) (1000 % 251));
            final RawHttp.Response fixed = c.send(RawHttp.get("alpha.shops.test", "/bytes/300000?length=1")).read();
            assertThat(fixed.chunked()).isFalse();
            assertThat(fixed.header("Content-Length")).isEqualTo("300000");
            assertThat(fixed.body()).hasSize(300_000);
        }
    }

    @Test
    void headAnd204And304HaveNoBodyAndKeepTheConnection() throws Exception {
        try (RawHttp c = h.connect()) {
            final RawHttp.Response head = c.send("HEAD /bytes/1000?length=1 HTTP/1.1\r\nHost: alpha.shops.test\r\n\r\n")
                                           .read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo("1000");
            assertThat(c.send(RawHttp.get("alpha.shops.test", "/status/204")).read().status()).isEqualTo(204);
            assertThat(c.send(RawHttp.get("alpha.shops.test", "/status/304")).read().status()).isEqualTo(304);
            final RawHttp.Response after = c.send(RawHttp.get("alpha.shops.test", "/after")).read();
            assertThat(after.bodyText()).contains("\"path\":\"/after\"");
        }
    }

    @Test
    void relaysExpect100ContinueFromTheUpstream() throws Exception {
        try (RawHttp c = h.connect()) {
            c.send("POST /upload HTTP/1.1\r\nHost: alpha.shops.test\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            final RawHttp.Response cont = c.read();
            assertThat(cont.status()).isEqualTo(100);
            final RawHttp.Response r = c.send("hello").read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).contains("\"received\": 5");
        }
    }

    @Test
    void tunnelsAnUpgradedConnectionBothWays() throws Exception {
        try (RawHttp c = h.connect()) {
            c.send("GET /ws HTTP/1.1\r\nHost: alpha.shops.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            final RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(101);
            assertThat(r.header("Upgrade")).isEqualToIgnoringCase("websocket");
            assertThat(r.header("Connection")).isEqualToIgnoringCase("upgrade");
            assertThat(r.header("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            for (int i = 0; i < 3; i++) {
                final byte[] ping = ("ping-" + i + "-" + "z".repeat(5000)).getBytes(ISO_8859_1);
                c.send(ping);
                assertThat(c.input().readNBytes(ping.length)).isEqualTo(ping);
            }
        }
    }

    private static String readHead(InputStream in) throws Exception {
        final StringBuilder sb = new StringBuilder();
        for (String l; !(l = line(in)).isEmpty(); ) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }

    private static String line(InputStream in) throws Exception {
        final StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** Samples the pooled allocator's direct memory on its own thread while a transfer runs. */
    static final class MemoryWatch implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        MemoryWatch() {
            thread = new Thread(() -> {
                while (running.get()) {
                    final long used = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
                    peak.accumulateAndGet(used, Math::max);
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                }
            }, "memory-watch");
            thread.setDaemon(true);
            thread.start();
        }

        long peak() {
            return peak.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
