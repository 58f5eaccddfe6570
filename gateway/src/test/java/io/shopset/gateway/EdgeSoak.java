package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.util.internal.PlatformDependent;
import io.shopset.gateway.metrics.GatewayMeterNames;
import io.shopset.testkit.StubShopSet;

/**
 * Issue 9, the soak: a real gateway (HTTP/1.1 listener and TLS listener with h2) under mixed traffic
 * for {@code soak.minutes} (default 10) — keep-alive GETs and uploads, h2 connections with
 * concurrent streams, malformed requests, slowloris heads, slow readers and rapid-reset attackers —
 * while heap after GC, direct memory and open file descriptors are sampled every
 * {@code soak.sampleSeconds} (default 30). They must stay flat: the last sample under load within
 * a bound of the first one after {@code soak.warmupSeconds} (default 60). Not in the default run:
 * {@code mvn -Psoak -pl gateway -am verify -Dtest=EdgeSoak -Dsurefire.failIfNoSpecifiedTests=false}
 * (docs/operations.md, "Soak test"). Samples go to
 * {@code target/soak/edge-soak.txt}.
 *
 * <p>The gateway, its stub ShopSets and the clients share this JVM: the figures are the whole
 * process's, which is what an operator's dashboard shows too.
 */
class EdgeSoak {

    private static final long MINUTES = Long.getLong("soak.minutes", 10);
    private static final long SAMPLE_SECONDS = Long.getLong("soak.sampleSeconds", 30);
    private static final long WARMUP_SECONDS = Long.getLong("soak.warmupSeconds", 60);
    private static final long HEAP_SLACK_MB = Long.getLong("soak.heapSlackMb", 48);
    private static final long DIRECT_SLACK_MB = Long.getLong("soak.directSlackMb", 16);
    private static final long FD_SLACK = Long.getLong("soak.fdSlack", 64);
    private static final String HOST = "alpha.shops.test";

    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Outcomes by kind, e.g. "h1 200", "malformed 400", "h1 error". */
    private final ConcurrentHashMap<String, LongAdder> outcomes = new ConcurrentHashMap<>();

    record Sample(long atSeconds, long heapMb, long directMb, long pooledDirectMb, long fds, double connections) {
    }

    @Test
    void heapDirectMemoryAndFileDescriptorsStayFlatUnderMixedTraffic() throws Exception {
        final Path dir = Files.createTempDirectory("shopset-soak");
        TestCertificates.write(dir.resolve("p.pem"), dir.resolve("p.key"), 1, "*.shops.test");
        final String extra = """
                timeouts: {requestHeaders: 3s, bodyIdle: 3s, write: 5s, idle: 15s}
                http: {maxRequestLine: 4096}
                tls: {listen: "127.0.0.1:0", certificates: [{certFile: "%s", keyFile: "%s"}], http2: {maxResets: 50}}
                """.formatted(dir.resolve("p.pem"), dir.resolve("p.key"));
        final List<Sample> samples = new ArrayList<>();
        try (GatewayHarness h = new GatewayHarness(extra)) {
            h.stubs().forEach(s -> s.setRecordingEnabled(false));
            final List<Thread> traffic = List.of(
                    thread("soak-h1-a", () -> http1(h)), thread("soak-h1-b", () -> http1(h)),
                    thread("soak-h2", () -> http2(h)), thread("soak-malformed", () -> malformed(h)),
                    thread("soak-slow", () -> slowClients(h)), thread("soak-rapid-reset", () -> rapidReset(h)));
            traffic.forEach(Thread::start);

            final long start = System.nanoTime();
            final long end = start + TimeUnit.MINUTES.toNanos(MINUTES);
            Sample warm = null;
            while (System.nanoTime() < end) {
                sleepUntil(Math.min(end, start + (samples.size() + 1) * TimeUnit.SECONDS.toNanos(SAMPLE_SECONDS)));
                final Sample s = sample(h, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
                samples.add(s);
                System.out.println("soak " + s + " " + outcomes);
                if (warm == null && s.atSeconds() >= WARMUP_SECONDS) {
                    warm = s;
                }
            }
            running.set(false);
            for (Thread t : traffic) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> h.gateway.activeRequests() == 0
                    && gauge(h, GatewayMeterNames.OPEN_CONNECTIONS) == 0);
            final Sample idle = sample(h, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
            write(samples, idle, h);

            assertThat(warm).as("a sample after the warm-up (run longer than soak.warmupSeconds)").isNotNull();
            final Sample last = samples.get(samples.size() - 1);
            assertThat(last.heapMb()).as("heap after GC, MB").isLessThanOrEqualTo(warm.heapMb() + HEAP_SLACK_MB);
            assertThat(last.directMb()).as("direct memory, MB").isLessThanOrEqualTo(warm.directMb() + DIRECT_SLACK_MB);
            assertThat(last.pooledDirectMb()).as("pooled direct memory, MB")
                                             .isLessThanOrEqualTo(warm.pooledDirectMb() + DIRECT_SLACK_MB);
            assertThat(last.fds()).as("open file descriptors").isLessThanOrEqualTo(warm.fds() + FD_SLACK);
            assertThat(idle.fds()).as("file descriptors once the clients left").isLessThanOrEqualTo(warm.fds());
            // The traffic was what it claims: every kind ran, the well-formed kind was served.
            assertThat(total("h1 200")).isPositive();
            assertThat(total("h2 200")).isPositive();
            assertThat(total("malformed 400") + total("malformed 414") + total("malformed 431")).isPositive();
            assertThat(total("slowloris closed")).isPositive();
            assertThat(total("rapid-reset goaway")).isPositive();
            assertThat(total("h1 error") + total("h2 error"))
                    .as("failed well-formed requests").isLessThanOrEqualTo((total("h1 200") + total("h2 200")) / 200);
            assertThat(h.counter(GatewayMeterNames.EDGE_REJECTIONS, GatewayMeterNames.TAG_REASON, "header_timeout")).isPositive();
            assertThat(h.counter(GatewayMeterNames.EDGE_REJECTIONS, GatewayMeterNames.TAG_REASON, "write_timeout")).isPositive();
            assertThat(h.counter(GatewayMeterNames.EDGE_REJECTIONS, GatewayMeterNames.TAG_REASON, "h2_rapid_reset")).isPositive();
        } finally {
            running.set(false);
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    // ---- traffic ----

    /** Keep-alive connections of 50 requests: pages, downloads, uploads with a length and chunked. */
    private void http1(GatewayHarness h) {
        final byte[] upload = "u".repeat(32 * 1024).getBytes(StandardCharsets.US_ASCII);
        while (running.get()) {
            try (RawHttp c = h.connect()) {
                for (int i = 0; i < 50 && running.get(); i++) {
                    final RawHttp.Response r = switch (i % 4) {
                        case 0 -> c.send(RawHttp.get(HOST, "/page/" + i)).read();
                        case 1 -> c.send(RawHttp.get(HOST, "/bytes/65536")).read();
                        case 2 -> c.send(("POST /upload HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: " + upload.length +
                                          "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)).send(upload).read();
                        default -> c.send("POST /upload HTTP/1.1\r\nHost: " + HOST + "\r\nTransfer-Encoding: chunked\r\n\r\n" +
                                          "400\r\n" + "c".repeat(1024) + "\r\n0\r\n\r\n").read();
                    };
                    count("h1 " + r.status());
                    pause(5);
                }
            } catch (IOException e) {
                count("h1 error");
            }
        }
    }

    /** h2 connections of 10 rounds of 8 concurrent streams: downloads and uploads. */
    private void http2(GatewayHarness h) {
        final byte[] upload = new byte[50_000];
        while (running.get()) {
            try (Http2TestClient c = Http2TestClient.connect(h.gateway.tlsAddress(), HOST)) {
                for (int round = 0; round < 10 && running.get(); round++) {
                    final List<CompletableFuture<Http2TestClient.Response>> streams = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        streams.add(c.send(i % 2 == 0 ? Http2TestClient.request(HttpMethod.GET, HOST, "/bytes/16384")
                                : Http2TestClient.request(HttpMethod.POST, HOST, "/upload", upload, i % 4 == 1)));
                    }
                    for (CompletableFuture<Http2TestClient.Response> f : streams) {
                        try {
                            count("h2 " + f.get(30, TimeUnit.SECONDS).status());
                        } catch (Exception e) {
                            count("h2 error");
                        }
                    }
                    pause(20);
                }
            } catch (Exception e) {
                count("h2 error");
            }
        }
    }

    /** One malformed request per new connection, in turn: each must be refused (4xx) and closed. */
    private void malformed(GatewayHarness h) {
        final String[] bad = {
                "GET / HTTP/1.1\r\nHost: " + HOST + "\r\n folded\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: " + HOST + "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "GET /" + "x".repeat(5000) + " HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: " + HOST + "\r\n" + "X-H: 1\r\n".repeat(150) + "\r\n",
                "GET / HTTP/1.1\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"};
        for (int i = 0; running.get(); i++) {
            try (RawHttp c = h.connect()) {
                count("malformed " + c.send(bad[i % bad.length]).read().status());
            } catch (IOException e) {
                count("malformed error");
            }
            pause(20);
        }
    }

    /**
     * Slowloris heads (answered 408 and closed after timeouts.requestHeaders; this client reads that)
     * and slow readers (a large download never read: dropped after timeouts.write; this client never
     * reads, so it only closes its end after 10 s).
     */
    private void slowClients(GatewayHarness h) {
        record Slow(Socket socket, long deadline, boolean reader) {
        }
        final List<Slow> open = new ArrayList<>();
        final InetSocketAddress a = h.address();
        for (int i = 0; running.get(); i++) {
            final boolean reader = i % 2 == 1;
            try {
                final Socket s = new Socket();
                if (reader) {
                    s.setReceiveBufferSize(4096);
                }
                s.connect(a, 5000);
                s.setSoTimeout(5);
                final String head = reader ? RawHttp.get(HOST, "/bytes/50000000")
                        : "GET /slow HTTP/1.1\r\nHost: " + HOST + "\r\nX-Slow: ";
                s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                open.add(new Slow(s, System.nanoTime() + TimeUnit.SECONDS.toNanos(10), reader));
            } catch (IOException e) {
                count("slow error");
            }
            for (int j = open.size() - 1; j >= 0; j--) {
                final Slow s = open.get(j);
                final boolean closed = !s.reader() && closedByGateway(s.socket());
                if (closed || System.nanoTime() - s.deadline() > 0) {
                    count(s.reader() ? "slow reader done" : closed ? "slowloris closed" : "slowloris expired");
                    closeQuietly(s.socket());
                    open.remove(j);
                }
            }
            pause(250);
        }
        open.forEach(s -> closeQuietly(s.socket()));
    }

    /** Now and then, an h2 connection that resets streams as fast as it opens them: it must get GOAWAY. */
    private void rapidReset(GatewayHarness h) {
        while (running.get()) {
            try (Http2FrameClient c = Http2FrameClient.connect(h.gateway.tlsAddress(), HOST)) {
                c.await(Http2FrameClient.SettingsFrame.class, f -> true);
                for (int i = 0; i < 60 && c.isOpen(); i++) {
                    c.headers(1 + 2 * i, Http2FrameClient.request("GET", HOST, "/reset"), true);
                    c.reset(1 + 2 * i, Http2Error.CANCEL);
                }
                c.await(Http2FrameClient.GoAwayFrame.class, g -> g.error() == Http2Error.ENHANCE_YOUR_CALM.code());
                count("rapid-reset goaway");
            } catch (Exception | AssertionError e) {
                count("rapid-reset error");
            }
            pause(5000);
        }
    }

    // ---- sampling ----

    private static Sample sample(GatewayHarness h, long atSeconds) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        final long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        final long direct = Math.max(0, PlatformDependent.usedDirectMemory());
        final long pooled = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
        return new Sample(atSeconds, heap >> 20, direct >> 20, pooled >> 20, openFileDescriptors(),
                          gauge(h, GatewayMeterNames.OPEN_CONNECTIONS));
    }

    private static long openFileDescriptors() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private void write(List<Sample> samples, Sample idle, GatewayHarness h) throws IOException {
        final Path out = Path.of("target", "soak", "edge-soak.txt");
        Files.createDirectories(out.getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            w.printf(Locale.ROOT, "# soak: %d min, sample every %d s, warm-up %d s%n", MINUTES, SAMPLE_SECONDS, WARMUP_SECONDS);
            w.println("# seconds heap_after_gc_mb netty_direct_mb pooled_direct_mb fds open_connections");
            for (Sample s : samples) {
                w.printf(Locale.ROOT, "%d %d %d %d %d %.0f%n", s.atSeconds(), s.heapMb(), s.directMb(), s.pooledDirectMb(),
                         s.fds(), s.connections());
            }
            w.printf(Locale.ROOT, "# after the clients left: %s%n", idle);
            w.println("# outcomes: " + outcomes);
            for (String reason : List.of("framing", "uri_too_long", "headers_too_large", "header_timeout", "write_timeout",
                                         "h2_rapid_reset")) {
                w.printf(Locale.ROOT, "# shopset_edge_rejections_total{reason=\"%s\"} %.0f%n", reason,
                         h.counter(GatewayMeterNames.EDGE_REJECTIONS, GatewayMeterNames.TAG_REASON, reason));
            }
        }
    }

    // ---- helpers ----

    private static double gauge(GatewayHarness h, String name) {
        final var g = h.registry.find(name).gauge();
        return g == null ? Double.NaN : g.value();
    }

    private void count(String key) {
        outcomes.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private long total(String key) {
        final LongAdder a = outcomes.get(key);
        return a == null ? 0 : a.sum();
    }

    private static boolean closedByGateway(Socket s) {
        try {
            final int b = s.getInputStream().read();
            if (b == -1) {
                return true;
            }
            // A 408 (or a slow reader's first bytes): drain what is there and look again next time.
            s.getInputStream().skip(s.getInputStream().available());
            return false;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static Thread thread(String name, Runnable r) {
        final Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Paces a traffic generator (a load generator's think time, not a wait for a condition). */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long left; (left = nanoTime - System.nanoTime()) > 0; ) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
        }
    }
}
