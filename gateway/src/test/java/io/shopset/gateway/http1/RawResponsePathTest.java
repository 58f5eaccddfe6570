package io.shopset.gateway.http1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.shopset.gateway.outbound.ResponseHeaders;

/**
 * The raw response path against Netty's own: for hand-picked and random responses (clean and
 * malformed), the upstream codec must read what Netty's {@code HttpClientCodec} reads, and the head a
 * client gets must be byte for byte the one Netty's encoder writes from Netty's reading.
 */
class RawResponsePathTest {

    private static final HttpDecoderConfig CONFIG = new HttpDecoderConfig()
            .setMaxInitialLineLength(16 * 1024).setMaxHeaderSize(64 * 1024).setMaxChunkSize(64 * 1024)
            .setAllowDuplicateContentLengths(false);

    private static final String[] CASES = {
            "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\nhello",
            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.0 200 OK\r\nContent-Length: 3\r\nConnection: Keep-Alive\r\nKeep-Alive: timeout=5\r\n\r\nabc",
            "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabc",
            "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno",
            "HTTP/1.1 200 Fine Thanks\r\nX-A:  spaced value \t\r\ncontent-length:  4 \r\nUPGRADE: h2c\r\nTE: trailers\r\n\r\nbody",
            "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\nContent-Length: 99\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 0010\r\n\r\n0123456789",
            "HTTP/1.1 200 OK\r\nX-Empty:\r\nContent-Length: 1\r\nX-Latin: caf\u00e9\r\n\r\nx",
            "HTTP/1.1 200 OK\r\nConnection: close, ,keep-alive\r\nProxy-Connection: x\r\nContent-Length: 1\r\n\r\nx",
            // Not taken by the raw path: Netty's decoder must still read them as it always has.
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
            "HTTP/1.1 200 OK\r\nContent-Length: 3a\r\n\r\nabc",
            "HTTP/1.1 200 OK\r\nConnection: close, X-Secret\r\nX-Secret: 1\r\nContent-Length: 1\r\n\r\nx",
            "HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nContent-Length: 1\r\n\r\nx",
            "HTTP/1.1 200 OK\r\nFoo : bar\r\nContent-Length: 1\r\n\r\nx",
            "HTTP/1.1 200 OK\nContent-Length: 1\n\nx",
            "HTTP/1.1 200 OK\r\nX-Ctl: a\u0001b\r\nContent-Length: 1\r\n\r\nx",
            "HTTP/1.1 200 OK\r\nclose: 1\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx",
            "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nServer: nginx\r\n\r\nuntil the close",
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx",
            "HTTP/1.1 200 \r\nContent-Length: 1\r\n\r\nx",
            "HTTP/1.1 200 OK \r\nContent-Length: 1\r\n\r\nx",
            "HTTP/1.1  200 OK\r\nContent-Length: 1\r\n\r\nx",
            "HTTP/2.0 200 OK\r\nContent-Length: 1\r\n\r\nx",
            "\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx",
    };

    /** Releases what {@code ch} wrote out. */
    private static void dropOutbound(EmbeddedChannel ch) {
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ReferenceCountUtil.release(o);
        }
    }

    /** An upstream connection with {@code codec} that has sent a request of each of {@code methods}. */
    private static EmbeddedChannel upstream(ChannelHandler codec, HttpMethod... methods) {
        final EmbeddedChannel ch = new EmbeddedChannel(codec);
        for (HttpMethod m : methods) {
            ch.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, m, "/"));
        }
        dropOutbound(ch);
        return ch;
    }

    /** A client connection whose codec has read one {@code GET}, so that it is ready to answer it. */
    private static EmbeddedChannel clientAfterGet() {
        final EmbeddedChannel client = new EmbeddedChannel(new ClientHttpCodec(CONFIG));
        client.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: a\r\n\r\n", StandardCharsets.ISO_8859_1));
        for (Object o; (o = client.readInbound()) != null; ) {
            ReferenceCountUtil.release(o);
        }
        return client;
    }

    /** What one decoder read: heads and bodies in order, as text. */
    private static List<String> read(EmbeddedChannel ch, HttpMethod method, List<String> chunks) {
        ch.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/"));
        dropOutbound(ch);
        return DecodedText.read(ch, chunks, m -> {
            final HttpResponse res = (HttpResponse) m;
            return res.protocolVersion() + " " + res.status().code() + " " + res.status().reasonPhrase()
                   + " keepAlive=" + RawHttpResponse.isKeepAlive(res) // before any header map
                   + "/" + HttpUtil.isKeepAlive(res);
        });
    }

    private static void assertSameReading(String response, HttpMethod method) {
        for (List<String> chunks : splits(response)) {
            final List<String> ours = read(new EmbeddedChannel(new UpstreamHttpCodec(CONFIG)), method, chunks);
            final List<String> netty = read(new EmbeddedChannel(new HttpClientCodec(CONFIG, false, false)), method, chunks);
            assertThat(ours).as("%s %s split %s", method, response, chunks.size()).isEqualTo(netty);
        }
    }

    /** The whole response at once, head and body apart, and a few bytes at a time. */
    private static List<List<String>> splits(String response) {
        final int headEnd = response.indexOf("\r\n\r\n");
        final List<String> bytes = new ArrayList<>();
        for (int i = 0; i < response.length(); i += 7) {
            bytes.add(response.substring(i, Math.min(response.length(), i + 7)));
        }
        return headEnd < 0
                ? List.of(List.of(response), bytes)
                : List.of(List.of(response), List.of(response.substring(0, headEnd + 4), response.substring(headEnd + 4)), bytes);
    }

    @Test
    void theUpstreamCodecReadsEveryCaseAsNettyDoes() {
        for (String c : CASES) {
            assertSameReading(c, HttpMethod.GET);
            assertSameReading(c, HttpMethod.HEAD);
        }
    }

    /** Two responses on one connection, in the reads given: the codec must read them as Netty does. */
    private static List<String> assertSameReadingOfTwo(List<String> chunks) {
        final List<String> ours = read(upstream(new UpstreamHttpCodec(CONFIG), HttpMethod.GET), HttpMethod.GET, chunks);
        final List<String> netty = read(upstream(new HttpClientCodec(CONFIG, false, false), HttpMethod.GET), HttpMethod.GET, chunks);
        assertThat(ours).as("%s", chunks).isEqualTo(netty);
        return ours;
    }

    @Test
    void aHeadSplitInsideItsStatusLineLeavesNettyReadyForTheNext() {
        // Netty's decoder moves on at the first byte of a message even when it consumes nothing.
        assertSameReadingOfTwo(List.of("HTTP/1.1 20", "0 OK\r\nContent-Length: 1\r\n\r\nx",
                                       "\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\ny"));
        assertSameReadingOfTwo(List.of("HTTP/1.1 200 OK\r\nContent-Le", "ngth: 1\r\n\r\nx",
                                       "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\ny"));
    }

    @Test
    void afterASwitchOrAFailureNettyKeepsTheConnection() {
        assertSameReadingOfTwo(List.of("HTTP/1.1 101 Switching Protocols\r\nUpgrade: foo\r\nConnection: upgrade\r\n\r\n"
                                       + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"));
        assertSameReadingOfTwo(List.of("HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"));
        assertSameReadingOfTwo(List.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                                       "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"));
    }

    @Test
    void twoResponsesInOneReadAreBothRead() {
        assertThat(assertSameReadingOfTwo(List.of(CASES[0] + CASES[4]))).hasSize(4);
    }

    @Test
    void theRawPathTakesTheCommonHeadAndLeavesTheRest() {
        final EmbeddedChannel ch = upstream(new UpstreamHttpCodec(CONFIG), HttpMethod.GET, HttpMethod.GET);
        ch.writeInbound(Unpooled.copiedBuffer(CASES[0] + CASES[10], StandardCharsets.ISO_8859_1));
        final List<Object> got = new ArrayList<>();
        for (Object m; (m = ch.readInbound()) != null; ) {
            got.add(m);
        }
        try {
            assertThat(got.get(0)).isInstanceOf(RawHttpResponse.class);
            assertThat(((RawHttpResponse) got.get(0)).isRaw()).isTrue();
            assertThat(got.stream().filter(m -> m instanceof HttpResponse))
                    .hasSize(2)
                    .last().isNotInstanceOf(RawHttpResponse.class);
        } finally {
            got.forEach(ReferenceCountUtil::release);
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void aRawHeadHeldWhileMoreBytesArriveIsWrittenIntact() {
        for (ByteBufAllocator alloc : new ByteBufAllocator[] {UnpooledByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT}) {
            final EmbeddedChannel up = upstream(new UpstreamHttpCodec(CONFIG), HttpMethod.GET, HttpMethod.GET, HttpMethod.GET);
            final String head = "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 0\r\nConnection: keep-alive\r\nX-A: b\r\n\r\n";
            // Three reads into one buffer with room to spare. The first ends inside a field of a head that
            // Netty's decoder reads; the second ends it, brings the raw head and ends inside the next head;
            // the third is long. Had the raw head held no reference to the buffer, the decoder would have
            // moved the unread bytes to its front after the second read and written the third over the head.
            final ByteBuf read = alloc.directBuffer(256, 256).writeBytes(
                    "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX: a".getBytes(StandardCharsets.ISO_8859_1));
            final List<Object> got = new ArrayList<>();
            up.writeInbound(read);
            up.writeInbound(Unpooled.copiedBuffer("b\r\n\r\n" + head + "HTTP/1.1 200 OK\r\nX: ", StandardCharsets.ISO_8859_1));
            up.writeInbound(Unpooled.copiedBuffer("c".repeat(150) + "\r\nContent-Length: 2\r\n\r\nhi", StandardCharsets.ISO_8859_1));
            for (Object m; (m = up.readInbound()) != null; ) {
                got.add(m);
            }
            final List<Object> heads = got.stream().filter(m -> m instanceof HttpResponse).toList();
            assertThat(heads).hasSize(3);
            assertThat(heads.get(1)).isInstanceOf(RawHttpResponse.class);
            final RawHttpResponse raw = (RawHttpResponse) heads.get(1);
            got.removeIf(m -> m == raw);
            got.forEach(ReferenceCountUtil::release);
            final EmbeddedChannel client = clientAfterGet();
            raw.forClient(null);
            client.writeOutbound(raw);
            final StringBuilder out = new StringBuilder();
            for (Object o; (o = client.readOutbound()) != null; ) {
                out.append(((ByteBuf) o).toString(StandardCharsets.ISO_8859_1));
                ReferenceCountUtil.release(o);
            }
            assertThat(out.toString()).as("%s", alloc)
                    .isEqualTo("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 0\r\nX-A: b\r\n\r\n");
            client.finishAndReleaseAll();
            up.finishAndReleaseAll();
        }
    }

    @Test
    void theRawHeadIsReleasedWhenWrittenOrDropped() {
        final EmbeddedChannel up = upstream(new UpstreamHttpCodec(CONFIG), HttpMethod.GET, HttpMethod.GET);
        final EmbeddedChannel client = clientAfterGet();
        // An unpooled heap buffer: its slices share its count, so it reaches 0 only when every part is released.
        final ByteBuf read = Unpooled.copiedBuffer(CASES[0] + CASES[0], StandardCharsets.ISO_8859_1);
        up.writeInbound(read);
        final Object written = up.readInbound();
        assertThat(written).isInstanceOf(RawHttpResponse.class);
        client.writeOutbound(written, up.readInbound()); // the head and its body
        final Object dropped = up.readInbound();
        assertThat(dropped).isInstanceOf(RawHttpResponse.class);
        ReferenceCountUtil.release(up.readInbound());    // its body
        dropOutbound(client);
        assertThat(read.refCnt()).as("the dropped head still holds the buffer").isEqualTo(1);
        assertThat(ReferenceCountUtil.release(dropped)).isTrue();
        assertThat(read.refCnt()).isZero();
        client.finishAndReleaseAll();
        up.finishAndReleaseAll();
    }

    @Test
    void randomResponsesAreReadAsNettyReadsThem() {
        final Random random = new Random(20261203);
        for (int i = 0; i < 3000; i++) {
            final String response = randomResponse(random);
            assertSameReading(response, random.nextInt(5) == 0 ? HttpMethod.HEAD : HttpMethod.GET);
        }
    }

    @Test
    void theClientGetsTheHeadNettysEncoderWritesFromNettysReading() {
        final Random random = new Random(7);
        final List<String> responses = new ArrayList<>(List.of(CASES));
        for (int i = 0; i < 2000; i++) {
            responses.add(randomResponse(random));
        }
        int raw = 0;
        for (String response : responses) {
            for (HttpVersion clientVersion : new HttpVersion[] {HttpVersion.HTTP_1_1, HttpVersion.HTTP_1_0}) {
                for (boolean keepAlive : new boolean[] {true, false}) {
                    final String ours = forwarded(new UpstreamHttpCodec(CONFIG), response, clientVersion, keepAlive);
                    final String netty = forwarded(new HttpClientCodec(CONFIG, false, false), response, clientVersion, keepAlive);
                    assertThat(netty).doesNotStartWith("raw ");
                    if (ours.startsWith("raw ")) {
                        raw++;
                    }
                    assertThat(ours.startsWith("raw ") ? ours.substring(4) : ours)
                            .as("%s to %s keepAlive=%s", response, clientVersion, keepAlive).isEqualTo(netty);
                }
            }
        }
        // The comparison covered the raw path, not only the fallback.
        assertThat(raw).isGreaterThan(1000);
    }

    /** What a client is sent for {@code response} when read by {@code upstreamCodec}; "raw " first when the raw path wrote it. */
    private static String forwarded(ChannelHandler upstreamCodec, String response, HttpVersion clientVersion,
                                    boolean keepAlive) {
        final EmbeddedChannel up = upstream(upstreamCodec, HttpMethod.GET);
        final EmbeddedChannel client = clientAfterGet();
        up.writeInbound(Unpooled.copiedBuffer(response, StandardCharsets.ISO_8859_1));
        boolean wasRaw = false;
        boolean failed = false;
        for (Object m; (m = up.readInbound()) != null; ) {
            if (m instanceof HttpResponse res) {
                if (!res.decoderResult().isSuccess() || res.status().code() < 200) {
                    failed = true;
                } else {
                    wasRaw = res instanceof RawHttpResponse r && r.isRaw();
                    ResponseHeaders.forClient(res, keepAlive, clientVersion, false);
                }
            }
            if (failed) {
                ReferenceCountUtil.release(m);
            } else {
                client.writeOutbound(m);
            }
        }
        up.finishAndReleaseAll();
        final StringBuilder out = new StringBuilder(wasRaw ? "raw " : "");
        for (Object o; (o = client.readOutbound()) != null; ) {
            out.append(((ByteBuf) o).toString(StandardCharsets.ISO_8859_1));
            ReferenceCountUtil.release(o);
        }
        client.finishAndReleaseAll();
        return out + (failed ? " (refused)" : "");
    }

    private static final String[] NAMES = {
            "Server", "Date", "Content-Type", "ETag", "Cache-Control", "X-Request-Id", "Vary", "Set-Cookie",
            "Keep-Alive", "Upgrade", "TE", "Trailer", "Proxy-Authenticate", "Proxy-Connection", "X-Odd_Name!",
    };
    private static final String[] VALUES = {
            "nginx", "Thu, 03 Dec 2026 09:00:00 GMT", "text/html; charset=utf-8", "\"abc\"", "",
            "a\tb", "caf\u00e9", "v=1, w=2",
    };

    /** A response built from common and odd pieces; most are clean, some are not. */
    private static String randomResponse(Random r) {
        final StringBuilder s = new StringBuilder();
        s.append(r.nextInt(8) == 0 ? "HTTP/1.0 " : "HTTP/1.1 ");
        final int[] codes = {200, 200, 200, 201, 301, 304, 404, 500, 503, 204, 100};
        final int code = codes[r.nextInt(codes.length)];
        s.append(code).append(r.nextInt(20) == 0 ? " " : " OK").append(r.nextInt(30) == 0 ? " \r\n" : "\r\n");
        final int body = r.nextInt(4) == 0 ? 0 : r.nextInt(300);
        final int framing = r.nextInt(10); // 0: chunked, 1: none (close), 2: two lengths, 3: bad length, else one length
        final int fields = r.nextInt(12);
        final int lengthAt = r.nextInt(fields + 1);
        for (int i = 0; i <= fields; i++) {
            if (i == lengthAt) {
                switch (framing) {
                    case 0 -> s.append("Transfer-Encoding: chunked\r\n");
                    case 1 -> { }
                    case 2 -> s.append("Content-Length: ").append(body).append("\r\ncontent-length: ").append(body).append("\r\n");
                    case 3 -> s.append("Content-Length: ").append(body).append("x\r\n");
                    default -> s.append(r.nextInt(6) == 0 ? "content-LENGTH:" : r.nextBoolean() ? "Content-Length: " : "content-length: ").append(body).append("\r\n");
                }
                continue;
            }
            final int odd = r.nextInt(60);
            if (odd == 0) {
                s.append(" folded\r\n");
            } else if (odd == 1) {
                s.append("Bad Name: x\r\n");
            } else if (odd == 2) {
                s.append("X-Ctl: a\u0007\r\n");
            } else if (odd < 8) {
                final String[] conn = {"close", "keep-alive", "Keep-Alive", "close, keep-alive", "upgrade", "x-other", ""};
                s.append(r.nextInt(6) == 0 ? "connection:" : r.nextBoolean() ? "Connection: " : "connection: ").append(conn[r.nextInt(conn.length)]).append("\r\n");
            } else {
                String name = NAMES[r.nextInt(NAMES.length)];
                if (r.nextInt(4) == 0) {
                    name = name.toLowerCase();
                }
                // Mostly as servers write fields (the raw path's); now and then without the SP.
                s.append(name).append(r.nextInt(12) == 0 ? ":" : ": ").append(r.nextInt(12) == 0 ? " padded " : VALUES[r.nextInt(VALUES.length)]).append("\r\n");
            }
        }
        s.append("\r\n");
        final String content = "b".repeat(body);
        if (framing == 0) {
            s.append(body == 0 ? "" : Integer.toHexString(body) + "\r\n" + content + "\r\n").append("0\r\n\r\n");
        } else {
            s.append(content);
        }
        return s.toString();
    }
}
