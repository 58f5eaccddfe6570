package io.shopset.gateway.edge;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;

/**
 * {@link FramingGuard} in front of a strict {@link HttpServerCodec}: what comes out does not depend
 * on how the bytes are split into reads, valid requests pass untouched, and a refused request
 * never reaches the codec (only its stand-in with the refusal does).
 */
class FramingGuardTest {

    static Stream<Arguments> streams() {
        final String host = "Host: a.test\r\n";
        return Stream.of(
                // 0 two pipelined GETs
                Arguments.of("GET /1 HTTP/1.1\r\n" + host + "\r\nGET /2 HTTP/1.1\r\n" + host + "X-A: b\r\n\r\n",
                             "GET /1|last:0|GET /2|last:0|"),
                // 1 a fixed-length body then a GET
                Arguments.of("POST /p HTTP/1.1\r\n" + host + "content-LENGTH: 5\r\n\r\nhelloGET /2 HTTP/1.1\r\n" + host + "\r\n",
                             "POST /p|body:5|GET /2|last:0|"),
                // 2 a chunked body with an extension and a trailer, then a GET
                Arguments.of("POST /c HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n" +
                             "2\r\nde\r\n0\r\nX-T: 1\r\n\r\nGET /2 HTTP/1.1\r\n" + host + "\r\n",
                             "POST /c|body:5|GET /2|last:0|"),
                // 3 leading CRLFs before a request
                Arguments.of("\r\n\r\nGET /1 HTTP/1.1\r\n" + host + "\r\n", "GET /1|last:0|"),
                // 4 a GET then a folded request: the first passes, the second is refused before the codec
                Arguments.of("GET /1 HTTP/1.1\r\n" + host + "\r\nGET /2 HTTP/1.1\r\n" + host + "X-A: 1\r\n fold\r\n\r\n",
                             "GET /1|last:0|refused:400 obsolete line folding in the header section|"),
                // 5 a fixed-length body whose bytes look like a folded head: not scanned
                Arguments.of("POST /p HTTP/1.1\r\n" + host + "Content-Length: 10\r\n\r\nX: 1\r\n y\r\n",
                             "POST /p|body:10|"),
                // 6 too many headers (limit 4 here)
                Arguments.of("GET /1 HTTP/1.1\r\n" + host + "A: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\n\r\n",
                             "refused:431 more than 4 fields in the header section|"),
                // 7 a folded trailer: the request was whole in one read, so its head is refused
                Arguments.of("POST /c HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n y\r\n\r\n",
                             "refused:400 obsolete line folding in the trailer section|"),
                // 8 a field longer than the guard's batch of 1,024 bytes, then the length: one read spans batches
                Arguments.of("POST /p HTTP/1.1\r\n" + host + "Cookie: " + "c".repeat(1500) + "\r\ncontent-length: 5\r\n\r\n"
                             + "helloGET /2 HTTP/1.1\r\n" + host + "\r\n", "POST /p|body:5|GET /2|last:0|"),
                // 9 folding after a field longer than a batch is refused too
                Arguments.of("GET /1 HTTP/1.1\r\n" + host + "Cookie: " + "c".repeat(1500) + "\r\n fold\r\n\r\n",
                             "refused:400 obsolete line folding in the header section|")
        );
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("streams")
    void decodesTheSameWhateverTheSplit(String stream, String expected) throws Exception {
        final byte[] bytes = stream.getBytes(ISO_8859_1);
        if (!expected.contains("trailer")) {
            // Split in two at every point.
            for (int cut = 0; cut <= bytes.length; cut++) {
                assertThat(decode(bytes, cut)).as("split at %d", cut).isEqualTo(expected);
            }
        }
        // And byte by byte (a trailer refused after its head went through is refused as a body).
        assertThat(decode(bytes, -1)).isEqualTo(expected.replace("refused:400 obsolete line folding in the trailer",
                                                                 "POST /c|body-refused:400 obsolete line folding in the trailer"));
    }

    /** Decodes {@code bytes} in two reads cut at {@code cut}, or byte by byte when {@code cut} is -1. */
    private static String decode(byte[] bytes, int cut) throws Exception {
        final EmbeddedChannel ch = new EmbeddedChannel(false, false);
        ch.pipeline().addLast("framing", new FramingGuard(4, 60_000_000_000L, 60_000_000_000L, "http"))
                     .addLast("http", new HttpServerCodec(new HttpDecoderConfig().setStrictLineParsing(true)));
        ch.register();
        final List<byte[]> reads = new ArrayList<>();
        if (cut < 0) {
            for (byte b : bytes) {
                reads.add(new byte[] {b});
            }
        } else {
            reads.add(java.util.Arrays.copyOfRange(bytes, 0, cut));
            reads.add(java.util.Arrays.copyOfRange(bytes, cut, bytes.length));
        }
        final StringBuilder out = new StringBuilder();
        long body = 0;
        for (byte[] r : reads) {
            ch.writeInbound(Unpooled.wrappedBuffer(r));
            for (Object o; (o = ch.readInbound()) != null; ) {
                final HttpObject msg = (HttpObject) o;
                if (msg.decoderResult().cause() instanceof EdgeRefusal why) {
                    out.append(msg instanceof HttpRequest ? "refused:" : "body-refused:")
                       .append(why.error().status().code()).append(' ').append(why.getMessage()).append('|');
                } else if (msg.decoderResult().isFailure()) {
                    out.append("codec-failure|");
                } else if (msg instanceof HttpRequest req) {
                    out.append(req.method()).append(' ').append(req.uri()).append('|');
                }
                if (msg instanceof HttpContent c && msg.decoderResult().isSuccess()) {
                    body += c.content().readableBytes();
                    if (c instanceof io.netty.handler.codec.http.LastHttpContent) {
                        out.append(body == 0 ? "last:0|" : "body:" + body + "|");
                        body = 0;
                    }
                }
                ReferenceCountUtil.release(o);
            }
        }
        // The codec may still hold the start of a refused head: closing makes it give that up.
        ch.close();
        for (Object o; (o = ch.readInbound()) != null; ) {
            ReferenceCountUtil.release(o);
        }
        assertFalse(ch.finishAndReleaseAll());
        return out.toString();
    }
}
