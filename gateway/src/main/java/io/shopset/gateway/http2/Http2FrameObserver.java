package io.shopset.gateway.http2;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.logging.LogLevel;
import io.shopset.gateway.edge.EdgeObserver;
import io.shopset.gateway.edge.EdgeReason;

/**
 * Sees every RST_STREAM and GOAWAY the gateway sends on an HTTP/2 connection and tells the
 * {@link EdgeObserver} why, so each guard Netty's codec enforces is counted: a GOAWAY with
 * ENHANCE_YOUR_CALM names the flood in its debug data (too many client resets, too many resets the
 * client provoked, CONTINUATION or control frames), a RST_STREAM with an error code is a refused
 * (REFUSED_STREAM) or malformed stream. NO_ERROR and CANCEL are ordinary ends, not refusals.
 *
 * <p>It hooks in as the codec's frame logger (Netty calls it for each frame read and written) and
 * still logs frames at TRACE under its own name. Stateless: one instance serves a listener.
 */
final class Http2FrameObserver extends Http2FrameLogger {

    private final EdgeObserver observer;

    Http2FrameObserver(EdgeObserver observer) {
        super(LogLevel.TRACE, Http2FrameObserver.class);
        this.observer = observer;
    }

    @Override
    public void logRstStream(Direction direction, ChannelHandlerContext ctx, int streamId, long errorCode) {
        if (direction == Direction.OUTBOUND) {
            final EdgeReason reason = ofReset(errorCode);
            if (reason != null) {
                observer.rejected(reason);
            }
        }
        super.logRstStream(direction, ctx, streamId, errorCode);
    }

    @Override
    public void logGoAway(Direction direction, ChannelHandlerContext ctx, int lastStreamId, long errorCode,
                          ByteBuf debugData) {
        if (direction == Direction.OUTBOUND) {
            final EdgeReason reason = ofGoAway(errorCode, debugData.toString(StandardCharsets.UTF_8));
            if (reason != null) {
                observer.rejected(reason);
            }
        }
        super.logGoAway(direction, ctx, lastStreamId, errorCode, debugData);
    }

    /** Why the gateway reset a stream with {@code errorCode}, or {@code null} for an ordinary end. */
    static @Nullable EdgeReason ofReset(long errorCode) {
        if (errorCode == Http2Error.NO_ERROR.code() || errorCode == Http2Error.CANCEL.code()) {
            return null;
        }
        return errorCode == Http2Error.REFUSED_STREAM.code() ? EdgeReason.H2_REFUSED_STREAM : EdgeReason.H2_STREAM_ERROR;
    }

    /**
     * Why the gateway ended a connection with {@code errorCode} and {@code debug} (Netty puts the
     * error's message there), or {@code null} for a graceful GOAWAY (idle, drain).
     */
    static @Nullable EdgeReason ofGoAway(long errorCode, String debug) {
        if (errorCode == Http2Error.NO_ERROR.code()) {
            return null;
        }
        if (debug.contains("RST frames")) {
            // Netty's decoder limit says "Maximum number of RST frames reached"; its encoder limit (resets the
            // client made the gateway send) says "... of RST frames frames reached within N seconds".
            return debug.contains("within") ? EdgeReason.H2_SERVER_RESETS : EdgeReason.H2_RAPID_RESET;
        }
        if (errorCode == Http2Error.ENHANCE_YOUR_CALM.code() || debug.startsWith("Header size exceeded")) {
            return EdgeReason.H2_FLOOD;
        }
        return EdgeReason.H2_CONNECTION_ERROR;
    }
}
