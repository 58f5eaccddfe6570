package io.shopset.gateway.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.shopset.gateway.edge.EdgeReason;

/**
 * The HTTP/2 connection pipeline on an {@link EmbeddedChannel} (time moved by hand), where a test can
 * hold a stream's reads back: a stream's window bounds what a client can make the gateway buffer;
 * a connection that opens no stream in time is closed; the reasons given to the edge metrics.
 */
class Http2HandlersTest {

    private final AtomicLong open = new AtomicLong();
    private final List<EdgeReason> rejected = new ArrayList<>();
    private EmbeddedChannel server;
    /** Stands in for the client: frames written on it come out as bytes for the server. */
    private EmbeddedChannel client;
    private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
    private final DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader();

    @BeforeEach
    void start() {
        final Http2Handlers handlers = new Http2Handlers(io.shopset.routing.config.Http2Settings.DEFAULT,
                                                         TimeUnit.SECONDS.toNanos(60), TimeUnit.SECONDS.toNanos(10),
                                                         TimeUnit.SECONDS.toNanos(30), 1000,
                                                         open, rejected::add, p -> { }, p -> { });
        // A parent that is a server channel: the multiplexer tells server from client connections by it.
        server = new EmbeddedChannel(new LocalServerChannel(), DefaultChannelId.newInstance(), true, false);
        server.freezeTime();
        handlers.addConnectionHandlers(server.pipeline());
        server.pipeline().fireChannelActive();
        client = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        send(ctx -> {
            ctx.write(Http2CodecUtil.connectionPrefaceBuf());
            writer.writeSettings(ctx, new Http2Settings(), ctx.newPromise());
        });
    }

    @AfterEach
    void stop() {
        writer.close();
        reader.close();
        server.finishAndReleaseAll();
        assertFalse(client.finishAndReleaseAll());
    }

    /**
     * The connection's window is a stream's (65535 by default): a client can make one connection
     * buffer at most that much, whatever its streams, while the proxy handler does not read.
     */
    @Test
    void dataBeyondTheWindowWhileTheStreamHoldsBackEndsTheConnection() {
        final Http2Headers headers = new DefaultHttp2Headers().method("POST").scheme("https").authority("a.test").path("/up");
        send(ctx -> writer.writeHeaders(ctx, 1, headers, 0, false, ctx.newPromise()));
        // The stream's handlers never read: the window (65535) is never given back.
        for (int i = 0; i < 4; i++) {
            send(ctx -> writer.writeData(ctx, 1, Unpooled.wrappedBuffer(new byte[16_000]), 0, false, ctx.newPromise()));
        }
        assertThat(drain()).noneMatch(f -> f.startsWith("GOAWAY") || f.startsWith("RST"));
        assertThat(server.isActive()).isTrue();
        send(ctx -> writer.writeData(ctx, 1, Unpooled.wrappedBuffer(new byte[16_000]), 0, false, ctx.newPromise()));
        assertThat(drain()).containsExactly("GOAWAY " + Http2Error.FLOW_CONTROL_ERROR.code());
        assertThat(server.isActive()).isFalse();
        assertThat(rejected).containsExactly(EdgeReason.H2_CONNECTION_ERROR);
    }

    @Test
    void aConnectionThatOpensNoStreamInTimeIsClosedWithGoAway() {
        assertThat(open.get()).isEqualTo(1);
        server.advanceTimeBy(9, TimeUnit.SECONDS);
        server.runScheduledPendingTasks();
        assertThat(server.isActive()).isTrue();
        server.advanceTimeBy(1, TimeUnit.SECONDS);
        server.runScheduledPendingTasks();
        assertThat(drain()).contains("GOAWAY " + Http2Error.NO_ERROR.code());
        assertThat(server.isActive()).isFalse();
        assertThat(rejected).containsExactly(EdgeReason.HEADER_TIMEOUT);
        assertThat(open.get()).isZero();
    }

    @Test
    void goAwaysAndResetsAreNamedForTheMetrics() {
        assertThat(Http2FrameObserver.ofGoAway(Http2Error.ENHANCE_YOUR_CALM.code(), "Maximum number of RST frames reached"))
                .isEqualTo(EdgeReason.H2_RAPID_RESET);
        assertThat(Http2FrameObserver.ofGoAway(Http2Error.ENHANCE_YOUR_CALM.code(),
                                               "Maximum number 200 of RST frames frames reached within 30 seconds"))
                .isEqualTo(EdgeReason.H2_SERVER_RESETS);
        assertThat(Http2FrameObserver.ofGoAway(Http2Error.ENHANCE_YOUR_CALM.code(),
                                               "Number of small consecutive continuations frames 16 exceeds maximum: 16"))
                .isEqualTo(EdgeReason.H2_FLOOD);
        assertThat(Http2FrameObserver.ofGoAway(Http2Error.PROTOCOL_ERROR.code(), "Header size exceeded max allowed size (10240)"))
                .isEqualTo(EdgeReason.H2_FLOOD);
        assertThat(Http2FrameObserver.ofGoAway(Http2Error.PROTOCOL_ERROR.code(), "HTTP/2 client preface string missing"))
                .isEqualTo(EdgeReason.H2_CONNECTION_ERROR);
        assertThat(Http2FrameObserver.ofGoAway(Http2Error.NO_ERROR.code(), "")).isNull();
        assertThat(Http2FrameObserver.ofReset(Http2Error.CANCEL.code())).isNull();
        assertThat(Http2FrameObserver.ofReset(Http2Error.NO_ERROR.code())).isNull();
        assertThat(Http2FrameObserver.ofReset(Http2Error.REFUSED_STREAM.code())).isEqualTo(EdgeReason.H2_REFUSED_STREAM);
        assertThat(Http2FrameObserver.ofReset(Http2Error.PROTOCOL_ERROR.code())).isEqualTo(EdgeReason.H2_STREAM_ERROR);
    }

    /** Writes frames on the client side and hands their bytes to the server. */
    private void send(Write w) {
        final ChannelHandlerContext ctx = client.pipeline().firstContext();
        try {
            w.write(ctx);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        client.flush();
        for (ByteBuf b; (b = client.readOutbound()) != null; ) {
            server.writeInbound(b);
        }
        server.runPendingTasks();
    }

    /** The frames the server wrote since the last call, as "RST stream code" / "GOAWAY code" / other names. */
    private List<String> drain() {
        server.runPendingTasks();
        final ChannelHandlerContext ctx = client.pipeline().firstContext();
        final List<String> frames = new ArrayList<>();
        final Http2FrameAdapter listener = new Http2FrameAdapter() {
            @Override
            public void onRstStreamRead(ChannelHandlerContext c, int streamId, long errorCode) {
                frames.add("RST " + streamId + " " + errorCode);
            }

            @Override
            public void onGoAwayRead(ChannelHandlerContext c, int lastStreamId, long errorCode, ByteBuf debugData) {
                frames.add("GOAWAY " + errorCode + " " + debugData.toString(StandardCharsets.UTF_8));
            }

            @Override
            public void onSettingsRead(ChannelHandlerContext c, Http2Settings settings) {
                frames.add("SETTINGS");
            }

            @Override
            public void onWindowUpdateRead(ChannelHandlerContext c, int streamId, int windowSizeIncrement) {
                frames.add("WINDOW_UPDATE " + streamId + " " + windowSizeIncrement);
            }
        };
        final ByteBuf all = Unpooled.buffer();
        try {
            for (ByteBuf b; (b = server.readOutbound()) != null; ) {
                all.writeBytes(b);
                b.release();
            }
            while (all.isReadable()) {
                reader.readFrame(ctx, all, listener);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            all.release();
        }
        return frames.stream().map(f -> f.startsWith("GOAWAY") ? f.substring(0, f.indexOf(' ', 7)) : f).toList();
    }

    @FunctionalInterface
    private interface Write {
        void write(ChannelHandlerContext ctx) throws Exception;
    }
}
