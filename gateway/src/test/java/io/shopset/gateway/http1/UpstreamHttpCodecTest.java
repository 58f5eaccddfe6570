package io.shopset.gateway.http1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/** The upstream codec: responses framed as Netty frames them, HEAD answered without a body, tokens kept exactly. */
class UpstreamHttpCodecTest {

    private final EmbeddedChannel ch = new EmbeddedChannel(new UpstreamHttpCodec(new HttpDecoderConfig()));
    private final List<Object> received = new ArrayList<>();

    @AfterEach
    void close() {
        received.forEach(ReferenceCountUtil::release);
        ch.finishAndReleaseAll();
    }

    private void send(HttpMethod method) {
        ch.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/"));
        ByteBuf out;
        while ((out = ch.readOutbound()) != null) {
            out.release();
        }
    }

    private List<Object> receive(String bytes) {
        ch.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
        final List<Object> now = new ArrayList<>();
        Object m;
        while ((m = ch.readInbound()) != null) {
            now.add(m);
            received.add(m);
        }
        return now;
    }

    @Test
    void theResponseToAHeadHasNoBodyWhateverItsContentLengthSays() {
        send(HttpMethod.HEAD);
        send(HttpMethod.GET);
        final List<Object> head = receive("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
        assertThat(head).hasSize(2);
        assertThat(((HttpResponse) head.get(0)).headers().get("content-length")).isEqualTo("5");
        assertThat(head.get(1)).isInstanceOf(LastHttpContent.class);
        assertThat(((HttpContent) head.get(1)).content().readableBytes()).isZero();

        final List<Object> get = receive("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(get).hasSize(2);
        assertThat(((HttpContent) get.get(1)).content().toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
    }

    @Test
    void anInterimResponseDoesNotUseUpTheRequestsMethod() {
        send(HttpMethod.HEAD);
        final List<Object> interim = receive("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n");
        assertThat(((HttpResponse) interim.get(0)).status().code()).isEqualTo(103);
        final List<Object> fin = receive("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n");
        assertThat(fin).hasSize(2);
        assertThat(((HttpContent) fin.get(1)).content().readableBytes()).as("still the HEAD's response").isZero();
    }

    @Test
    void knownTokensAreSharedAndEveryTokenKeepsItsExactBytes() {
        send(HttpMethod.GET);
        send(HttpMethod.GET);
        final String head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\ncontent-length: 2\r\nX-Custom: a\r\n"
                            + "CONTENT-TYPE: b\r\n\r\nhi";
        final HttpResponse first = (HttpResponse) receive(head).get(0);
        final HttpResponse second = (HttpResponse) receive(head).get(0);
        assertThat(first.status()).isSameAs(HttpResponseStatus.OK);
        assertThat(first.protocolVersion()).isSameAs(HttpVersion.HTTP_1_1);
        final List<String> names = new ArrayList<>();
        first.headers().iteratorCharSequence().forEachRemaining(e -> names.add(e.getKey().toString()));
        assertThat(names).containsExactly("Content-Type", "content-length", "X-Custom", "CONTENT-TYPE");
        final List<CharSequence> a = new ArrayList<>();
        final List<CharSequence> b = new ArrayList<>();
        first.headers().iteratorCharSequence().forEachRemaining(e -> a.add(e.getKey()));
        second.headers().iteratorCharSequence().forEachRemaining(e -> b.add(e.getKey()));
        assertThat(a.get(0)).as("a known name is one shared instance").isSameAs(b.get(0));
        assertThat(a.get(1)).isSameAs(b.get(1));
        assertThat(a.get(2)).as("an unknown name is decoded each time").isNotSameAs(b.get(2)).isEqualTo(b.get(2));
        assertThat(first.headers().getAll("content-type")).containsExactly("text/html", "b");
    }

    @Test
    void unusualStatusLinesAreKeptAsSent() {
        send(HttpMethod.GET);
        send(HttpMethod.GET);
        final HttpResponse custom = (HttpResponse) receive("HTTP/1.1 200 Fine\r\nContent-Length: 0\r\n\r\n").get(0);
        assertThat(custom.status().code()).isEqualTo(200);
        assertThat(custom.status().reasonPhrase()).isEqualTo("Fine");
        final HttpResponse old = (HttpResponse) receive("HTTP/1.0 599 Whatever Else\r\nContent-Length: 0\r\n\r\n").get(0);
        assertThat(old.protocolVersion()).isSameAs(HttpVersion.HTTP_1_0);
        assertThat(old.status().code()).isEqualTo(599);
        assertThat(old.status().reasonPhrase()).isEqualTo("Whatever Else");
    }

    @Test
    void aMalformedResponseIsStillRefusedByNettysRules() {
        send(HttpMethod.GET);
        final HttpResponse bad = (HttpResponse) receive("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
                .get(0);
        assertThat(bad.decoderResult().isFailure()).isTrue();
    }
}
