package io.shopset.gateway.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map.Entry;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/**
 * {@link CompactHttpHeaders} against Netty's {@code DefaultHttpHeaders}: the same random operations on
 * both must give the same answers, the same fields in the same order, and the same refusals.
 */
class CompactHttpHeadersTest {

    private static final String[] NAMES = {
            "Host", "host", "HOST", "Content-Length", "content-length", "Connection", "X-Forwarded-For",
            "x-forwarded-for", "Accept", "Cookie", "Transfer-Encoding", "X-A",
    };
    private static final String[] VALUES = {
            "", "a", "close", "Keep-Alive, Upgrade", "upgrade ,\tclose", "text/html;q=0.9, */*", "12", "chunked",
            "CLOSE", "x,y,,z", "keep-alive",
    };

    @Test
    void randomOperationsGiveTheSameAnswersAsNettysHeaders() {
        for (long seed = 1; seed <= 300; seed++) {
            final Random r = new Random(seed);
            final HttpHeaders expected = DefaultHttpHeadersFactory.headersFactory().newHeaders();
            final HttpHeaders actual = CompactHeadersFactory.HEADERS.newHeaders();
            for (int step = 0; step < 60; step++) {
                final String name = NAMES[r.nextInt(NAMES.length)];
                final String value = VALUES[r.nextInt(VALUES.length)];
                final String at = "seed " + seed + " step " + step + " " + name + "=" + value;
                switch (r.nextInt(7)) {
                    case 0, 1 -> {
                        expected.add(name, value);
                        actual.add(name, value);
                    }
                    case 2 -> {
                        expected.set(name, value);
                        actual.set(name, value);
                    }
                    case 3 -> {
                        expected.remove(name);
                        actual.remove(name);
                    }
                    case 4 -> {
                        expected.set(name, List.of(value, "v2"));
                        actual.set(name, List.of(value, "v2"));
                    }
                    case 5 -> {
                        expected.addInt(name, step);
                        actual.addInt(name, step);
                    }
                    default -> {
                        if (r.nextInt(20) == 0) {
                            expected.clear();
                            actual.clear();
                        }
                    }
                }
                assertThat(actual.get(name)).as(at).isEqualTo(expected.get(name));
                assertThat(actual.getAll(name)).as(at).isEqualTo(expected.getAll(name));
                assertThat(actual.contains(name)).as(at).isEqualTo(expected.contains(name));
                assertThat(actual.contains(name, value, true)).as(at).isEqualTo(expected.contains(name, value, true));
                assertThat(actual.contains(name, value, false)).as(at).isEqualTo(expected.contains(name, value, false));
                for (String v : new String[] {"close", "upgrade", "keep-alive", "z", "", "a"}) {
                    assertThat(actual.containsValue(name, v, true)).as(at + " containsValue " + v)
                            .isEqualTo(expected.containsValue(name, v, true));
                    assertThat(actual.containsValue(name, v, false)).as(at + " containsValue " + v)
                            .isEqualTo(expected.containsValue(name, v, false));
                }
                assertThat(actual.size()).as(at).isEqualTo(expected.size());
                assertThat(actual.isEmpty()).as(at).isEqualTo(expected.isEmpty());
                assertThat(fields(actual)).as(at).isEqualTo(fields(expected));
                assertThat(actual.getInt(name)).as(at).isEqualTo(expected.getInt(name));
            }
            assertThat(fields(actual.copy())).isEqualTo(fields(expected));
        }
    }

    @Test
    void refusesWhatNettyRefusesWithTheSameMessage() {
        final String[][] bad = {
                {"", "v"}, {"Bad Name", "v"}, {"Bad:Name", "v"}, {"Good", "a\rb"}, {"Good", "a\nb"},
                {"Good", "a\u0000b"}, {"Good", "\u0000"},
        };
        for (String[] nv : bad) {
            final Throwable expected = catchThrowable(() -> DefaultHttpHeadersFactory.headersFactory().newHeaders()
                                                                                       .add(nv[0], nv[1]));
            final HttpHeaders compact = CompactHeadersFactory.HEADERS.newHeaders().add("Keep", "me");
            final Throwable actual = catchThrowable(() -> compact.add(nv[0], nv[1]));
            assertThat(expected).as(nv[0] + "=" + nv[1]).isInstanceOf(IllegalArgumentException.class);
            assertThat(actual).as(nv[0] + "=" + nv[1]).isInstanceOf(IllegalArgumentException.class)
                              .hasMessage(expected.getMessage());
            assertThat(fields(compact)).as("nothing half-applied").containsExactly("Keep: me");
            assertThatThrownBy(() -> compact.set("Keep", "x\ry")).isInstanceOf(IllegalArgumentException.class);
            assertThat(fields(compact)).as("a refused set leaves the old value").containsExactly("Keep: me");
        }
    }

    @Test
    void trailersRefuseFramingFieldsAsNettysTrailersDo() {
        for (String name : new String[] {"Content-Length", "Transfer-Encoding", "Trailer"}) {
            final Throwable expected = catchThrowable(() -> DefaultHttpHeadersFactory.trailersFactory().newHeaders()
                                                                                        .add(name, "1"));
            final Throwable actual = catchThrowable(() -> CompactHeadersFactory.TRAILERS.newHeaders().add(name, "1"));
            assertThat(expected).as(name).isInstanceOf(IllegalArgumentException.class);
            assertThat(actual).as(name).isInstanceOf(IllegalArgumentException.class).hasMessage(expected.getMessage());
        }
        assertThat(CompactHeadersFactory.TRAILERS.newHeaders().add("X-Checksum", "abc").get("x-checksum"))
                .isEqualTo("abc");
    }

    @Test
    void theCharSequenceIteratorWalksTheFieldsAndRemovesThem() {
        final HttpHeaders h = CompactHeadersFactory.HEADERS.newHeaders()
                                                           .add("A", "1").add("B", "2").add("a", "3").add("C", "4");
        final Iterator<Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
        final List<String> seen = new ArrayList<>();
        while (it.hasNext()) {
            final Entry<CharSequence, CharSequence> e = it.next();
            seen.add(e.getKey() + "=" + e.getValue());
            if (e.getKey().toString().equalsIgnoreCase("a")) {
                it.remove();
            }
        }
        assertThat(seen).containsExactly("A=1", "B=2", "a=3", "C=4");
        assertThat(fields(h)).containsExactly("B: 2", "C: 4");
        assertThat(HeaderCount.of(h, "c")).isEqualTo(1);
        assertThat(HeaderCount.of(h.add(HttpHeaderNames.HOST, "x").add("host", "y"), "HOST")).isEqualTo(2);
    }

    /**
     * The codecs write compact maps with {@link CompactHttpHeaders#encodeTo}: the bytes must be those
     * Netty's own encoders write for the same fields in a {@code DefaultHttpHeaders}, for names and
     * values given as {@code String} or {@code AsciiString}, including Latin-1 (obs-text) values.
     */
    @Test
    void encodesTheBytesNettysEncodersWrite() {
        final CharSequence[] names = {
                "Host", HttpHeaderNames.HOST, "x-forwarded-for", new AsciiString("X-Request-Id"), "Set-Cookie",
                HttpHeaderNames.CONTENT_TYPE, "X-A",
        };
        final CharSequence[] values = {
                "", "a", "shop-1.example.com:8443", new AsciiString("keep-alive"), "caf\u00e9 \u00ff\u0080",
                "text/html; charset=utf-8", "x,\ty", new AsciiString("\u00e9t\u00e9"),
        };
        final HttpDecoderConfig config = new HttpDecoderConfig();
        for (long seed = 1; seed <= 200; seed++) {
            final Random r = new Random(seed);
            final HttpHeaders netty = DefaultHttpHeadersFactory.headersFactory().newHeaders();
            final HttpHeaders compact = CompactHeadersFactory.HEADERS.newHeaders();
            for (int i = r.nextInt(12); i > 0; i--) {
                final CharSequence name = names[r.nextInt(names.length)];
                final CharSequence value = values[r.nextInt(values.length)];
                netty.add(name, value);
                compact.add(name, value);
            }
            final String at = "seed " + seed;
            assertThat(encoded(new HttpRequestEncoder(), request(netty)))
                    .as(at).isEqualTo(encoded(new UpstreamHttpCodec(config), request(compact)));
            assertThat(encoded(new HttpResponseEncoder(), response(netty)))
                    .as(at).isEqualTo(encoded(new ClientHttpCodec(config), response(compact)));
        }
    }

    private static HttpRequest request(HttpHeaders h) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/p?q=1", Unpooled.EMPTY_BUFFER, h,
                                          EmptyHttpHeaders.INSTANCE);
    }

    private static HttpResponse response(HttpHeaders h) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER, h,
                                           EmptyHttpHeaders.INSTANCE);
    }

    private static String encoded(ChannelHandler encoder, Object message) {
        final EmbeddedChannel ch = new EmbeddedChannel(encoder);
        assertThat(ch.writeOutbound(message)).isTrue();
        final ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        ch.finishAndReleaseAll();
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    private static List<String> fields(HttpHeaders h) {
        final List<String> out = new ArrayList<>();
        for (Entry<String, String> e : h) {
            out.add(e.getKey() + ": " + e.getValue());
        }
        final List<String> viaCharSequences = new ArrayList<>();
        final Iterator<Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
        while (it.hasNext()) {
            final Entry<CharSequence, CharSequence> e = it.next();
            viaCharSequences.add(e.getKey() + ": " + e.getValue());
        }
        assertThat(viaCharSequences).isEqualTo(out);
        return out;
    }
}
