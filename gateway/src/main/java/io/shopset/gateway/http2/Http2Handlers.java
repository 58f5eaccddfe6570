package io.shopset.gateway.http2;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.shopset.gateway.edge.EdgeObserver;

/**
 * The pipeline of an HTTP/2 connection and of each of its streams:
 *
 * <pre>
 * connection:  … "tls" → "slow-reader" SlowReaderGuard (the socket)
 *              → "h2"            Http2FrameCodec        the guards below
 *              → "h2-idle"       IdleStateHandler       timeouts.idle
 *              → "h2-multiplex"  Http2MultiplexHandler  one child channel per stream
 *              → "h2-connection" Http2ConnectionGuard   first stream deadline, idle, drain, counting, the end of
 *                                                       connection-level frames and errors
 * stream:      "h2-http"     Http2StreamFrameToHttpObjectCodec  frames ⇄ HTTP/1.1 objects
 *              → "h2-request"  Http2RequestAdapter    as an HTTP/1.1 connection gives them
 *              → "h2-body-deadline" StreamBodyDeadline timeouts.bodyIdle
 *              → "slow-reader" SlowReaderGuard        a client that stops opening the stream's window
 *              → (the caller's: "admission" AdmissionHandler → "proxy" ProxyFrontendHandler)
 * </pre>
 *
 * <p>Guards, all Netty's, configured here and counted by {@link Http2FrameObserver}:
 * <ul>
 *   <li>rapid reset (CVE-2023-44487): more than {@code tls.http2.maxResets} RST_STREAM frames from the
 *       client in {@code resetWindow} → GOAWAY ENHANCE_YOUR_CALM;</li>
 *   <li>server-side resets (CVE-2025-55163): more than as many RST_STREAM frames the client made the
 *       gateway send (malformed streams) → the same;</li>
 *   <li>CONTINUATION floods: a header block beyond 1.25 × {@code maxHeaderListSize} → GOAWAY, before
 *       it is buffered; more than 16 small CONTINUATION frames in a row → GOAWAY; a header list over
 *       {@code maxHeaderListSize} → 431 on that stream;</li>
 *   <li>streams and windows: over {@code maxConcurrentStreams} → RST_STREAM REFUSED_STREAM; a
 *       stream's window and the connection's are both {@code initialWindowSize} and open only as the
 *       proxy handler reads, i.e. as the upstream takes the body — so a connection buffers at most
 *       that much whatever its streams; DATA beyond a window → FLOW_CONTROL_ERROR;</li>
 *   <li>validation: a content-length the DATA frames do not add up to, connection-specific headers
 *       (Connection, Keep-Alive, Proxy-Connection, Transfer-Encoding, Upgrade), TE other than
 *       {@code trailers}, missing or repeated pseudo-headers → RST_STREAM PROTOCOL_ERROR; control
 *       frames queued for a client that does not read → close.</li>
 * </ul>
 *
 * <p>The connection reads with {@code AUTO_READ} on (HTTP/2 flow control is the back-pressure);
 * each stream with it off, like an HTTP/1.1 connection.
 *
 * <p>Immutable; one per TLS listener.
 */
public final class Http2Handlers {

    public static final String CODEC = "h2";
    public static final String IDLE = "h2-idle";
    public static final String CONNECTION = "h2-connection";
    public static final String MULTIPLEX = "h2-multiplex";
    public static final String STREAM_CODEC = "h2-http";
    public static final String STREAM_ADAPTER = "h2-request";
    public static final String STREAM_BODY_DEADLINE = "h2-body-deadline";

    private static final Http2StreamFrameToHttpObjectCodec STREAM_CONVERTER = new Http2StreamFrameToHttpObjectCodec(true, true);

    private final io.shopset.routing.config.Http2Settings settings;
    private final long idleNanos;
    private final long firstStreamNanos;
    private final long bodyIdleNanos;
    private final long drainMillis;
    private final AtomicLong openConnections;
    private final EdgeObserver observer;
    private final Http2FrameObserver frames;
    private final ChannelInitializer<Http2StreamChannel> streams;

    /**
     * @param settings         {@code tls.http2}
     * @param idleNanos        {@code timeouts.idle}: a connection without streams this long closes
     * @param firstStreamNanos {@code timeouts.requestHeaders}: a new connection's first stream is due
     * @param bodyIdleNanos    {@code timeouts.bodyIdle}: a stream's body may pause this long
     * @param drainMillis      {@code shutdown.drainTimeout}: how long open streams may finish after GOAWAY
     * @param openConnections  the gateway's count of open client connections
     * @param streamHandlers   adds the handlers that take a stream's HTTP/1.1 objects (admission, proxy)
     * @param slowReader       adds a slow-reader guard to a stream's pipeline
     */
    public Http2Handlers(io.shopset.routing.config.Http2Settings settings, long idleNanos, long firstStreamNanos,
                         long bodyIdleNanos, long drainMillis, AtomicLong openConnections, EdgeObserver observer,
                         Consumer<ChannelPipeline> slowReader, Consumer<ChannelPipeline> streamHandlers) {
        this.settings = settings;
        this.idleNanos = idleNanos;
        this.firstStreamNanos = firstStreamNanos;
        this.bodyIdleNanos = bodyIdleNanos;
        this.drainMillis = drainMillis;
        this.openConnections = openConnections;
        this.observer = observer;
        frames = new Http2FrameObserver(observer);
        streams = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                ch.config().setOption(ChannelOption.AUTO_READ, false);
                final ChannelPipeline p = ch.pipeline();
                p.addLast(STREAM_CODEC, STREAM_CONVERTER);
                p.addLast(STREAM_ADAPTER, Http2RequestAdapter.INSTANCE);
                p.addLast(STREAM_BODY_DEADLINE, new StreamBodyDeadline(Http2Handlers.this.bodyIdleNanos));
                slowReader.accept(p);
                streamHandlers.accept(p);
            }
        };
    }

    /** Adds the HTTP/2 handlers of a connection whose TLS handshake chose {@code h2} (after its slow-reader guard). */
    public void addConnectionHandlers(ChannelPipeline p) {
        final Http2FrameCodec codec = newCodec();
        p.addLast(CODEC, codec);
        p.addLast(IDLE, new IdleStateHandler(idleNanos, 0, 0, TimeUnit.NANOSECONDS));
        p.addLast(MULTIPLEX, new Http2MultiplexHandler(streams));
        p.addLast(CONNECTION, new Http2ConnectionGuard(codec.connection(), openConnections, firstStreamNanos, observer));
    }

    private Http2FrameCodec newCodec() {
        final int resetWindowSeconds = (int) settings.resetWindow().toSeconds();
        return Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                                              .maxConcurrentStreams(settings.maxConcurrentStreams())
                                              .maxHeaderListSize(settings.maxHeaderListSize())
                                              .initialWindowSize(settings.initialWindowSize()))
                .validateHeaders(true)
                .decoderEnforceMaxRstFramesPerWindow(settings.maxResets(), resetWindowSeconds)
                .encoderEnforceMaxRstFramesPerWindow(settings.maxResets(), resetWindowSeconds)
                .gracefulShutdownTimeoutMillis(drainMillis)
                .frameLogger(frames)
                .build();
    }
}
