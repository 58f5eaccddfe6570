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
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/** The client connection's codec: as Netty's server codec for HEAD and for bad framing, with shared request names. */
class ClientHttpCodecTest {

    private final EmbeddedChannel ch = new EmbeddedChannel(new ClientHttpCodec(new HttpDecoderConfig()));
    private final List<Object> received = new ArrayList<>();

    @AfterEach
    void close() {
        received.forEach(ReferenceCountUtil::release);
        ch.finishAndReleaseAll();
    }

    private List<HttpRequest> receive(String bytes) {
        ch.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
        final List<HttpRequest> requests = new ArrayList<>();
        Object m;
        while ((m = ch.readInbound()) != null) {
            received.add(m);
            if (m instanceof HttpRequest r) {
                requests.add(r);
            }
        }
        return requests;
    }

    private String written() {
        final StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        return out.toString();
    }

    private static DefaultFullHttpResponse page(String body) {
        final DefaultFullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.copiedBuffer(body, StandardCharsets.US_ASCII));
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length());
        return res;
    }

    @Test
    void theAnswerToAHeadCarriesNoBodyAndThePipelinedGetAfterItDoes() {
        assertThat(receive("HEAD /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n")).hasSize(2);
        ch.writeOutbound(page("hello"));
        assertThat(written()).startsWith("HTTP/1.1 200 OK\r\n").contains("content-length: 5").doesNotContain("hello");
        ch.writeOutbound(page("world"));
        assertThat(written()).endsWith("\r\n\r\nworld");
    }

    @Test
    void aStreamedAnswerToAHeadIsNotChunked() {
        receive("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
        final DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        ch.writeOutbound(head, LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(written()).isEqualTo("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n");
    }

    @Test
    void commonRequestNamesAreSharedAndKeepTheirSpelling() {
        final String head = "GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: a\r\naccept-language: de\r\nX-Odd: 1\r\n\r\n";
        final HttpRequest first = receive(head).get(0);
        final HttpRequest second = receive(head).get(0);
        final List<CharSequence> a = new ArrayList<>();
        final List<CharSequence> b = new ArrayList<>();
        first.headers().iteratorCharSequence().forEachRemaining(e -> a.add(e.getKey()));
        second.headers().iteratorCharSequence().forEachRemaining(e -> b.add(e.getKey()));
        assertThat(a).extracting(CharSequence::toString).containsExactly("Host", "User-Agent", "accept-language", "X-Odd");
        assertThat(a.get(1)).isSameAs(b.get(1));
        assertThat(a.get(2)).isSameAs(b.get(2));
        assertThat(a.get(3)).isNotSameAs(b.get(3));
        assertThat(first.headers()).isInstanceOf(CompactHttpHeaders.class);
    }

    @Test
    void aRequestWithBothFramingHeadersEndsAsWithNettysServerCodec() {
        final String bytes = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
        final EmbeddedChannel netty = new EmbeddedChannel(new HttpServerCodec(new HttpDecoderConfig()));
        try {
            netty.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
            final List<Object> nettyRead = new ArrayList<>();
            Object m;
            while ((m = netty.readInbound()) != null) {
                nettyRead.add(m);
            }
            final HttpRequest nettyRequest = (HttpRequest) nettyRead.get(0);
            final HttpRequest ours = receive(bytes).get(0);
            assertThat(ours.decoderResult().isSuccess()).isEqualTo(nettyRequest.decoderResult().isSuccess());
            assertThat(ours.headers().contains(HttpHeaderNames.CONTENT_LENGTH))
                    .isEqualTo(nettyRequest.headers().contains(HttpHeaderNames.CONTENT_LENGTH));
            nettyRead.forEach(ReferenceCountUtil::release);
            netty.writeOutbound(page("no"));
            ch.writeOutbound(page("no"));
            written();
            assertThat(ch.isOpen()).as("closed after the answer as Netty's codec closes").isEqualTo(netty.isOpen());
        } finally {
            netty.finishAndReleaseAll();
        }
    }

    @Test
    void malformedRequestsAreRefusedAsNettyRefusesThem() {
        final HttpRequest bad = receive("GET / HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n").get(0);
        assertThat(bad.decoderResult().isFailure()).isTrue();
        assertThat(bad.decoderResult().cause()).hasMessageContaining("a header name can only contain \"token\" characters");
    }
}
