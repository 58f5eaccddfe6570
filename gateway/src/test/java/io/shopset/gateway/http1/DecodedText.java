package io.shopset.gateway.http1;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/** What a decoder read from a channel's inbound bytes, as text: for asserting that two decoders read the same. */
final class DecodedText {

    private DecodedText() {
    }

    /**
     * Writes {@code chunks} to {@code ch} one read at a time, then closes it, and answers each message
     * read, in order: a head as {@code head} describes it followed by its fields, a body as its text
     * with its trailer count, failures with their cause. Releases every message.
     */
    static List<String> read(EmbeddedChannel ch, List<String> chunks, Function<HttpMessage, String> head) {
        final List<String> seen = new ArrayList<>();
        final StringBuilder body = new StringBuilder();
        for (String c : chunks) {
            ch.writeInbound(Unpooled.copiedBuffer(c, StandardCharsets.ISO_8859_1));
            for (Object m; (m = ch.readInbound()) != null; ) {
                try {
                    if (m instanceof HttpMessage message) {
                        final StringBuilder h = new StringBuilder(head.apply(message))
                                .append(" ok=").append(message.decoderResult().isSuccess());
                        if (message.decoderResult().isFailure()) {
                            h.append(' ').append(message.decoderResult().cause());
                        }
                        for (Map.Entry<String, String> e : message.headers()) {
                            h.append("\n").append(e.getKey()).append(": [").append(e.getValue()).append(']');
                        }
                        seen.add(h.toString());
                    }
                    if (m instanceof HttpContent content) {
                        body.append(content.content().toString(StandardCharsets.ISO_8859_1));
                        if (!content.decoderResult().isSuccess()) {
                            seen.add("body failure " + content.decoderResult().cause());
                        }
                        if (m instanceof LastHttpContent last) {
                            seen.add("body [" + body + "] trailers " + last.trailingHeaders().size());
                            body.setLength(0);
                        }
                    }
                } finally {
                    ReferenceCountUtil.release(m);
                }
            }
        }
        ch.finish();
        for (Object m; (m = ch.readInbound()) != null; ) {
            seen.add("at close: " + m.getClass().getSimpleName());
            ReferenceCountUtil.release(m);
        }
        if (body.length() > 0) {
            seen.add("unfinished body [" + body + "]");
        }
        return seen;
    }
}
