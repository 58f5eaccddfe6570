package io.shopset.gateway.http1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessageDecoderResult;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * The raw request path against Netty's own: for hand-picked and random requests (clean and
 * malformed), in one read and in pieces, alone and pipelined, the client codec must read what Netty's
 * {@code HttpRequestDecoder} reads, with the same limits.
 */
class RawRequestPathTest {

    private static final HttpDecoderConfig CONFIG = new HttpDecoderConfig()
            .setMaxInitialLineLength(8192).setMaxHeaderSize(32768).setMaxChunkSize(64 * 1024)
            .setAllowDuplicateContentLengths(false).setStrictLineParsing(true).setValidateHeaders(true);
    /** Limits small enough for the random heads to cross them. */
    private static final HttpDecoderConfig SMALL = CONFIG.clone().setMaxInitialLineLength(40).setMaxHeaderSize(90);

    private static final String[] CASES = {
            "GET /page-2k.html HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n",
            "GET / HTTP/1.1\r\n\r\n",
            "HEAD /a?b=c HTTP/1.0\r\nHost: shop.example\r\nConnection: keep-alive\r\n\r\n",
            "GET http://shop.example/x HTTP/1.1\r\nhost: shop.example\r\nUser-Agent: curl/8.5\r\nAccept: */*\r\n\r\n",
            "GET / HTTP/1.1\r\nHost:x\r\nX-A:  spaced value \t\r\nX-Empty:\r\nX-Blank:   \r\nX-Latin: caf\u00e9\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\nCookie: a=1; b=2\r\nCookie: c=3\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-Odd_Name!#$%&'*+-.^`|~: v\r\nConnection: close\r\n\r\n",
            "GET /%7Euser/a%20b HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n",
            // Not taken by the raw path: Netty's decoder must still read them as it always has.
            "POST /cart HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc",
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
            "PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nSec-WebSocket-Key1: 1\r\nSec-WebSocket-Key2: 2\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n\r\n12345678",
            "GET / HTTP/1.1\r\nHost: a\r\nX-Folded: a\r\n b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
            "GET / HTTP/1.1\nHost: a\n\n",
            "GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-Ctl: a\u0001b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-Del: a\u007fb\r\n\r\n",
            "GET / HTTP/1.1\r\nBad Name: a\r\n\r\n",
            "GET / HTTP/1.1\r\n: no name\r\n\r\n",
            "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1 \r\nHost: a\r\n\r\n",
            "GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET /a\u0001b HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/2.0\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.2\r\nHost: a\r\n\r\n",
            "GET / http/1.1\r\nHost: a\r\n\r\n",
            "get / HTTP/1.1\r\nHost: a\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
            "CONNECT shop.example:443 HTTP/1.1\r\nHost: shop.example:443\r\n\r\n",
            "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET /\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\n\rX\r\n\r\n",
    };

    /** What one decoder read from {@code chunks}; counts in {@code raw} the requests the raw path made. */
    private static List<String> read(ChannelHandler decoder, List<String> chunks, int[] raw) {
        return DecodedText.read(new EmbeddedChannel(decoder), chunks, m -> {
            final HttpRequest req = (HttpRequest) m;
            if (req.decoderResult().isSuccess() && !(req.decoderResult() instanceof HttpMessageDecoderResult)) {
                raw[0]++;
            }
            return req.method() + " " + req.uri() + " " + req.protocolVersion();
        });
    }

    /** Reads {@code chunks} with both decoders, asserts the same reading, and answers how many requests took the raw path. */
    private static int assertSameReading(HttpDecoderConfig config, List<String> chunks) {
        final int[] raw = {0};
        final List<String> ours = read(new ClientHttpCodec(config), chunks, raw);
        final int[] nettyRaw = {0};
        final List<String> netty = read(new HttpRequestDecoder(config), chunks, nettyRaw);
        assertThat(nettyRaw[0]).isZero();
        assertThat(ours).as("%s", chunks).isEqualTo(netty);
        return raw[0];
    }

    /** The whole request at once, head and body apart, and a few bytes at a time. */
    private static List<List<String>> splits(String request) {
        final int headEnd = request.indexOf("\r\n\r\n");
        final List<String> bytes = new ArrayList<>();
        for (int i = 0; i < request.length(); i += 7) {
            bytes.add(request.substring(i, Math.min(request.length(), i + 7)));
        }
        return headEnd < 0 || headEnd + 4 == request.length()
                ? List.of(List.of(request), bytes)
                : List.of(List.of(request), List.of(request.substring(0, headEnd + 4), request.substring(headEnd + 4)), bytes);
    }

    private static int assertSameReading(HttpDecoderConfig config, String request) {
        int raw = 0;
        for (List<String> chunks : splits(request)) {
            raw += assertSameReading(config, chunks);
        }
        return raw;
    }

    @Test
    void theClientCodecReadsEveryCaseAsNettyDoes() {
        int raw = 0;
        for (String c : CASES) {
            raw += assertSameReading(CONFIG, c);
            assertSameReading(SMALL, c);
        }
        // The first eight cases are the raw path's, in one read each time (in pieces only their first piece is raw-readable).
        assertThat(raw).isGreaterThanOrEqualTo(8);
    }

    @Test
    void theRawPathTakesTheCommonRequestAndLeavesTheRest() {
        for (int i = 0; i < CASES.length; i++) {
            final ByteBuf in = Unpooled.copiedBuffer(CASES[i] + "GET", StandardCharsets.ISO_8859_1);
            try {
                final HttpRequest req = RawRequestParser.parse(in, HeadBytes.WINDOW);
                if (i < 8) {
                    assertThat(req).as(CASES[i]).isNotNull();
                    assertThat(in.toString(StandardCharsets.ISO_8859_1)).as("read past the head only").isEqualTo("GET");
                } else {
                    assertThat(req).as(CASES[i]).isNull();
                    assertThat(in.readerIndex()).as("nothing read").isZero();
                }
            } finally {
                in.release();
            }
        }
    }

    @Test
    void aHeadLongerThanTheLimitIsLeftToNetty() {
        final String head = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
        for (int limit = head.length() - 1; limit <= head.length(); limit++) {
            final ByteBuf in = Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1);
            try {
                assertThat(RawRequestParser.parse(in, limit) != null).as("limit %s", limit).isEqualTo(limit == head.length());
            } finally {
                in.release();
            }
        }
    }

    @Test
    void pipelinedRequestsAreReadAsNettyReadsThem() {
        // Raw, then Netty's (a body), then raw again: each path leaves the other ready for the next request.
        final String mixed = CASES[0] + CASES[8] + CASES[2] + CASES[10] + CASES[3];
        assertThat(assertSameReading(CONFIG, List.of(mixed))).isEqualTo(3);
        assertSameReading(CONFIG, splits(mixed).get(1));
        // A head split inside its request line goes to Netty, whose state has moved on at its first byte.
        assertSameReading(CONFIG, List.of("GET /a HT", "TP/1.1\r\nHost: a\r\n\r\n" + CASES[0], CASES[1]));
        // After a failure Netty discards all that follows; so does the codec.
        assertThat(assertSameReading(CONFIG, List.of(CASES[19] + CASES[0], CASES[0]))).isZero();
        // Leading CRLF before a request is Netty's to skip; the request after it is raw again.
        assertThat(assertSameReading(CONFIG, List.of(CASES[0] + "\r\n" + CASES[0], CASES[0]))).isEqualTo(2);
    }

    @Test
    void randomRequestsAreReadAsNettyReadsThem() {
        final Random random = new Random(20261203);
        int raw = 0;
        for (int i = 0; i < 3000; i++) {
            final String request = randomRequest(random);
            raw += assertSameReading(CONFIG, List.of(request));
            assertSameReading(i % 10 == 0 ? CONFIG : SMALL, i % 10 == 0 ? List.of(request) : splits(request).get(0));
            if (i % 10 == 0) {
                raw += assertSameReading(CONFIG, request);
            }
        }
        // The comparison covered the raw path, not only the fallback (about one request in five is clean).
        assertThat(raw).isGreaterThan(500);
    }

    private static final String[] NAMES = {
            "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Cookie", "Referer", "X-Request-Id",
            "X-Forwarded-For", "Sec-Fetch-Mode", "If-None-Match", "Connection", "Keep-Alive", "TE", "X-Odd_Name!",
    };
    private static final String[] VALUES = {
            "shop.example", "Mozilla/5.0 (X11; Linux x86_64)", "text/html,*/*;q=0.8", "gzip, br", "", " padded ",
            "a\tb", "caf\u00e9", "session=abc; cart=12", "close", "keep-alive",
    };
    private static final String[] TARGETS = {"/", "/page-2k.html", "/products/42?variant=3&ref=x", "/%7E", "*", "http://a/b"};

    /** A request built from common and odd pieces; most are clean, some are not. */
    private static String randomRequest(Random r) {
        final StringBuilder s = new StringBuilder();
        final String[] methods = {"GET", "GET", "GET", "HEAD", "POST", "DELETE", "get"};
        final String method = methods[r.nextInt(methods.length)];
        s.append(method).append(r.nextInt(40) == 0 ? "  " : " ").append(TARGETS[r.nextInt(TARGETS.length)])
         .append(r.nextInt(8) == 0 ? " HTTP/1.0" : " HTTP/1.1").append(r.nextInt(40) == 0 ? "\n" : "\r\n");
        final int body = r.nextInt(3) == 0 ? r.nextInt(40) : 0;
        final int framing = r.nextInt(6); // 0: chunked, 1: length, 2: bad length, else none (no body)
        final int fields = r.nextInt(14);
        final int framingAt = r.nextInt(fields + 1);
        for (int i = 0; i <= fields; i++) {
            if (i == framingAt) {
                switch (framing) {
                    case 0 -> s.append("Transfer-Encoding: chunked\r\n");
                    case 1 -> s.append(r.nextBoolean() ? "Content-Length: " : "content-length:").append(body).append("\r\n");
                    case 2 -> s.append("Content-Length: ").append(body).append("x\r\n");
                    default -> { }
                }
                continue;
            }
            final int odd = r.nextInt(80);
            if (odd == 0) {
                s.append(" folded\r\n");
            } else if (odd == 1) {
                s.append("Bad Name: x\r\n");
            } else if (odd == 2) {
                s.append("X-Ctl: a\u0007\r\n");
            } else if (odd == 3) {
                s.append("Upgrade: websocket\r\n");
            } else if (odd == 4) {
                s.append("X-Bare: lf\n");
            } else {
                String name = NAMES[r.nextInt(NAMES.length)];
                if (r.nextInt(4) == 0) {
                    name = name.toLowerCase();
                }
                s.append(name).append(r.nextInt(3) == 0 ? ":" : ": ").append(VALUES[r.nextInt(VALUES.length)]).append("\r\n");
            }
        }
        s.append("\r\n");
        final String content = "b".repeat(body);
        if (framing == 0) {
            s.append(body == 0 ? "" : Integer.toHexString(body) + "\r\n" + content + "\r\n").append("0\r\n\r\n");
        } else if (framing == 1 || framing == 2) {
            s.append(content);
        }
        return s.toString();
    }
}
