package io.shopset.gateway.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map.Entry;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

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
