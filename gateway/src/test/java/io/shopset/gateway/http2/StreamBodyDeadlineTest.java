package io.shopset.gateway.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.shopset.gateway.edge.EdgeRefusal;
import io.shopset.gateway.outbound.GatewayError;

/**
 * A stream's body idle timeout, on frozen time: it runs only while the proxy handler asks for bytes
 * and none come, and ends the body with a refusal (408) the proxy handler answers.
 */
class StreamBodyDeadlineTest {

    private EmbeddedChannel ch;
    /** Whether the handler after the deadline (the proxy handler's place) has asked for bytes. */
    private int reads;

    @BeforeEach
    void start() {
        ch = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                reads++;
            }
        }, new StreamBodyDeadline(TimeUnit.SECONDS.toNanos(30)));
        ch.freezeTime();
        ch.config().setAutoRead(false);
    }

    @Test
    void aBodyThatStopsWhileTheProxyAsksForMoreIsRefusedWith408() {
        ch.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/up"));
        ch.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[10])));
        ch.read();
        advance(29);
        assertThat(refusal()).isNull();
        advance(1);
        final LastHttpContent last = refusal();
        assertThat(last).isNotNull();
        assertThat(((EdgeRefusal) last.decoderResult().cause()).error()).isEqualTo(GatewayError.REQUEST_TIMEOUT);
        // The rest of the body is dropped.
        ch.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[10])));
        assertThat(refusal()).isNull();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void theClockWaitsWhileTheProxyDoesNotAskForBytes() {
        ch.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/up"));
        ch.pipeline().fireChannelReadComplete();
        advance(120);
        assertThat(refusal()).isNull();
        ch.read();
        advance(29);
        assertThat(refusal()).isNull();
        advance(1);
        assertThat(refusal()).isNotNull();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aCompleteRequestHasNoDeadline() {
        ch.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/up"));
        ch.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        ch.read();
        advance(300);
        assertThat(refusal()).isNull();
        assertFalse(ch.finishAndReleaseAll());
    }

    private void advance(long seconds) {
        ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
    }

    /** The refusal that reached the end of the pipeline, if any (other messages are released). */
    private LastHttpContent refusal() {
        for (Object m; (m = ch.readInbound()) != null; ) {
            if (m instanceof LastHttpContent last && last.decoderResult().isFailure()) {
                return last;
            }
            io.netty.util.ReferenceCountUtil.release(m);
        }
        return null;
    }
}
