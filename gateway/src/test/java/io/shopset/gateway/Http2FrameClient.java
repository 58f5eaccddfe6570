package io.shopset.gateway;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * An HTTP/2 client at the frame level, over TLS with ALPN {@code h2}, for the guard tests: it writes
 * exactly the frames a test asks for (malformed ones included, and hand-made bytes), and queues
 * every frame the gateway sends as a {@link Frame} (copied; nothing to release). It answers the
 * gateway's SETTINGS with an ACK and does nothing else on its own.
 */
final class Http2FrameClient implements AutoCloseable {

    sealed interface Frame permits SettingsFrame, HeadersFrame, DataFrame, ResetFrame, GoAwayFrame {
    }

    record SettingsFrame(Http2Settings settings) implements Frame {
    }

    record HeadersFrame(int stream, Http2Headers headers, boolean endStream) implements Frame {
    }

    record DataFrame(int stream, String text, boolean endStream) implements Frame {
        @Override
        public String toString() {
            return "DataFrame[stream=" + stream + ", " + text.length() + " bytes, endStream=" + endStream + ']';
        }
    }

    record ResetFrame(int stream, long error) implements Frame {
    }

    record GoAwayFrame(int lastStream, long error, String debug) implements Frame {
    }

    /** HTTP/2 frame types and flags used by {@link #frame}. */
    static final byte HEADERS = 0x1;
    static final byte CONTINUATION = 0x9;
    static final byte END_STREAM = 0x1;
    static final byte END_HEADERS = 0x4;

    private final EventLoopGroup group;
    private final Channel ch;
    private final BlockingQueue<Frame> frames;
    private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter(
            new DefaultHttp2HeadersEncoder(Http2HeadersEncoder.NEVER_SENSITIVE, true));
    /** Every frame the gateway sent that an {@link #await} took from the queue, in order, for assertions. */
    final List<Frame> seen = new ArrayList<>();
    /** Frames taken from the queue that no {@link #await} matched yet. */
    private final List<Frame> unmatched = new ArrayList<>();

    private Http2FrameClient(EventLoopGroup group, Channel ch, BlockingQueue<Frame> frames) {
        this.group = group;
        this.ch = ch;
        this.frames = frames;
    }

    /** Connects with SNI {@code sni}, completes the handshake (ALPN h2) and sends the preface and SETTINGS. */
    static Http2FrameClient connect(InetSocketAddress address, String sni) throws Exception {
        final SslContext ssl = SslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2))
                .build();
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        try {
            final Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc(), sni, address.getPort()));
                            ch.pipeline().addLast(new FrameDecoder(frames));
                        }
                    })
                    .connect(address).sync().channel();
            final SslHandler tls = ch.pipeline().get(SslHandler.class);
            tls.handshakeFuture().sync();
            if (!ApplicationProtocolNames.HTTP_2.equals(tls.applicationProtocol())) {
                throw new IllegalStateException("ALPN chose " + tls.applicationProtocol() + ", not h2");
            }
            return new Http2FrameClient(group, ch, frames);
        } catch (Exception | Error e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Request headers for {@code method https://authority path}, plus {@code extra} name/value pairs. */
    static Http2Headers request(String method, String authority, String path, String... extra) {
        final Http2Headers h = new DefaultHttp2Headers(false).method(method).scheme("https").authority(authority).path(path);
        for (int i = 0; i < extra.length; i += 2) {
            h.add(extra[i], extra[i + 1]);
        }
        return h;
    }

    void headers(int stream, Http2Headers headers, boolean endStream) throws Exception {
        run(ctx -> writer.writeHeaders(ctx, stream, headers, 0, endStream, ctx.newPromise()));
    }

    void data(int stream, byte[] bytes, boolean endStream) throws Exception {
        run(ctx -> writer.writeData(ctx, stream, Unpooled.wrappedBuffer(bytes), 0, endStream, ctx.newPromise()));
    }

    void reset(int stream, Http2Error error) throws Exception {
        run(ctx -> writer.writeRstStream(ctx, stream, error.code(), ctx.newPromise()));
    }

    void windowUpdate(int stream, int delta) throws Exception {
        run(ctx -> writer.writeWindowUpdate(ctx, stream, delta, ctx.newPromise()));
    }

    /** Writes hand-made bytes (see {@link #frame}). */
    void raw(byte[] bytes) throws Exception {
        run(ctx -> ctx.write(Unpooled.wrappedBuffer(bytes)));
    }

    /** One frame's bytes: the 9-byte header, then {@code payload}. */
    static byte[] frame(byte type, byte flags, int stream, byte[] payload) {
        final byte[] f = new byte[9 + payload.length];
        f[0] = (byte) (payload.length >>> 16);
        f[1] = (byte) (payload.length >>> 8);
        f[2] = (byte) payload.length;
        f[3] = type;
        f[4] = flags;
        f[5] = (byte) (stream >>> 24 & 0x7f);
        f[6] = (byte) (stream >>> 16);
        f[7] = (byte) (stream >>> 8);
        f[8] = (byte) stream;
        System.arraycopy(payload, 0, f, 9, payload.length);
        return f;
    }

    /** The HPACK block of {@code headers} (no Huffman-free guarantee; as Netty's encoder writes it). */
    static byte[] hpack(Http2Headers headers) throws Http2Exception {
        final ByteBuf buf = Unpooled.buffer();
        try {
            new DefaultHttp2HeadersEncoder(Http2HeadersEncoder.NEVER_SENSITIVE, true).encodeHeaders(1, headers, buf);
            final byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    /** The next frame the gateway sent, or {@code null} after {@code timeout}. */
    @Nullable Frame next(Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The first frame of {@code type} matching {@code test}, among those no earlier call took or
     * arriving within 10 s.
     */
    <T extends Frame> T await(Class<T> type, Predicate<T> test) throws InterruptedException {
        for (int i = 0; i < unmatched.size(); i++) {
            final Frame f = unmatched.get(i);
            if (type.isInstance(f) && test.test(type.cast(f))) {
                unmatched.remove(i);
                return type.cast(f);
            }
        }
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (;;) {
            final long left = end - System.nanoTime();
            final Frame f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new AssertionError("no " + type.getSimpleName() + " as expected within 10 s; seen: " + seen);
            }
            seen.add(f);
            if (type.isInstance(f) && test.test(type.cast(f))) {
                return type.cast(f);
            }
            unmatched.add(f);
        }
    }

    /**
     * As {@link #await}; a failure also says {@code what} the test had sent and whether the connection
     * is still open (to tell a gateway that stopped reading from one that closed early).
     */
    <T extends Frame> T awaitExplained(Class<T> type, Predicate<T> test, String what) throws InterruptedException {
        try {
            return await(type, test);
        } catch (AssertionError e) {
            throw new AssertionError(what + "; connection " + (isOpen() ? "still open" : "closed") + ": " +
                                     e.getMessage(), e);
        }
    }

    /** The response on {@code stream}: its status (the final HEADERS), after its last frame. */
    int awaitStatus(int stream) throws InterruptedException {
        final HeadersFrame h = await(HeadersFrame.class, f -> f.stream() == stream && f.headers().status() != null
                                                             && f.headers().status().charAt(0) != '1');
        if (!h.endStream()) {
            await(DataFrame.class, d -> d.stream() == stream && d.endStream());
        }
        return Integer.parseInt(h.headers().status().toString());
    }

    /** Whether the gateway closed the connection within {@code timeout}. */
    boolean closedWithin(Duration timeout) {
        return ch.closeFuture().awaitUninterruptibly(timeout.toMillis());
    }

    boolean isOpen() {
        return ch.isActive();
    }

    /** Runs {@code w} on the connection's event loop and flushes; nothing once the gateway closed it. */
    private void run(Write w) throws Exception {
        final Callable<Void> task = () -> {
            final ChannelHandlerContext ctx = ch.pipeline().context(FrameDecoder.class);
            if (ctx == null || !ch.isActive()) {
                return null;
            }
            w.write(ctx);
            ctx.flush();
            return null;
        };
        ch.eventLoop().submit(task).sync();
    }

    @Override
    public void close() {
        ch.close().awaitUninterruptibly();
        writer.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @FunctionalInterface
    private interface Write {
        void write(ChannelHandlerContext ctx) throws Exception;
    }

    /** Sends the preface once TLS is up, reads the gateway's frames into the queue, answers SETTINGS with an ACK. */
    private static final class FrameDecoder extends ByteToMessageDecoder {

        private final DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader(true);
        private final DefaultHttp2FrameWriter ackWriter = new DefaultHttp2FrameWriter();
        private final BlockingQueue<Frame> frames;
        private final Http2FrameAdapter listener = new Http2FrameAdapter() {
            @Override
            public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
                frames.add(new DataFrame(streamId, data.toString(StandardCharsets.UTF_8), endOfStream));
                return data.readableBytes() + padding;
            }

            @Override
            public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                                      boolean endStream) {
                frames.add(new HeadersFrame(streamId, headers, endStream));
            }

            @Override
            public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                                      short weight, boolean exclusive, int padding, boolean endStream) {
                frames.add(new HeadersFrame(streamId, headers, endStream));
            }

            @Override
            public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
                frames.add(new ResetFrame(streamId, errorCode));
            }

            @Override
            public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
                frames.add(new SettingsFrame(settings));
                ackWriter.writeSettingsAck(ctx, ctx.newPromise());
                ctx.flush();
            }

            @Override
            public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
                frames.add(new GoAwayFrame(lastStreamId, errorCode, debugData.toString(StandardCharsets.UTF_8)));
            }
        };

        FrameDecoder(BlockingQueue<Frame> frames) {
            this.frames = frames;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
                // Before any ACK: the preface must be the first bytes.
                ctx.write(Http2CodecUtil.connectionPrefaceBuf());
                ackWriter.writeSettings(ctx, new Http2Settings(), ctx.newPromise());
                ctx.flush();
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            reader.readFrame(ctx, in, listener);
        }

        @Override
        protected void handlerRemoved0(ChannelHandlerContext ctx) {
            reader.close();
            ackWriter.close();
        }
    }
}
