package io.shopset.gateway.server;

import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.timeout.IdleStateHandler;
import io.shopset.gateway.edge.EdgeHandlers;
import io.shopset.gateway.http1.ClientHttpCodec;
import io.shopset.gateway.http2.Http2Handlers;
import io.shopset.gateway.inbound.ProxyContext;
import io.shopset.gateway.inbound.ProxyFrontendHandler;
import io.shopset.routing.config.GatewayConfig;

/**
 * The client connection's pipeline, built in named steps:
 *
 * <pre>
 * (edge)  PROXY protocol, TLS by SNI (TLS listener): see {@link EdgeHandlers}
 * "protocol" ProtocolSwitch     TLS listener: after the handshake, HTTP/2 (ALPN h2, see
 *                               {@link Http2Handlers}) or the HTTP/1.1 handlers below
 * (edge)  slow reader, framing guard
 * "http"  ClientHttpCodec       Netty's strict decoding: line and header limits, validated headers,
 *                               strict line endings, no duplicate Content-Length (compact header maps)
 * (edge)  "admission" AdmissionHandler: overload 503, body size 413
 * "idle"  IdleStateHandler      keep-alive idle timeout
 * "proxy" ProxyFrontendHandler  the exchange
 * </pre>
 */
final class GatewayChannelInitializer extends ChannelInitializer<SocketChannel> {

    static final String IDLE = "idle";
    static final String PROXY = "proxy";
    static final String PROTOCOL = "protocol";

    private final ProxyContext px;
    private final ChannelGroup channels;
    private final EdgeHandlers edge;
    private final @Nullable Http2Handlers http2;
    private final int maxRequestLine;
    private final int maxHeaderSize;
    private final long idleNanos;

    /**
     * @param http2 the HTTP/2 handlers of a TLS listener that offers {@code h2}, else {@code null}
     */
    GatewayChannelInitializer(ProxyContext px, ChannelGroup channels, GatewayConfig config, EdgeHandlers edge,
                              @Nullable Http2Handlers http2) {
        this.px = px;
        this.channels = channels;
        this.edge = edge;
        this.http2 = http2;
        maxRequestLine = config.http().maxRequestLine();
        maxHeaderSize = config.http().maxHeaderSize();
        idleNanos = config.timeouts().idle().toNanos();
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        channels.add(ch);
        final ChannelPipeline p = ch.pipeline();
        edge.addTransport(p);
        if (edge.tls()) {
            final Http2Handlers h2 = http2;
            p.addLast(PROTOCOL, new ProtocolSwitch(this::addHttp1Handlers, h2 == null ? null : this::addHttp2Handlers,
                                                   edge.headNanos(), edge.observer()));
        } else {
            addHttp1Handlers(p);
        }
    }

    private void addHttp1Handlers(ChannelPipeline p) {
        edge.addBeforeCodec(p);
        addCodecHandlers(p);
        edge.addAfterCodec(p);
        addTimeoutHandlers(p);
        p.addLast(PROXY, new ProxyFrontendHandler(px));
    }

    private void addHttp2Handlers(ChannelPipeline p) {
        edge.addSlowReader(p);
        http2.addConnectionHandlers(p);
    }

    /** What a stream of an HTTP/2 connection gets after its conversion to HTTP/1.1 objects. */
    static void addStreamHandlers(ChannelPipeline p, EdgeHandlers edge, ProxyContext px) {
        edge.addAfterCodec(p);
        p.addLast(PROXY, new ProxyFrontendHandler(px, true));
    }

    private void addCodecHandlers(ChannelPipeline p) {
        final HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(maxRequestLine)
                .setMaxHeaderSize(maxHeaderSize)
                .setMaxChunkSize(64 * 1024)
                .setAllowDuplicateContentLengths(false)
                .setStrictLineParsing(true)
                .setValidateHeaders(true);
        p.addLast(ProxyFrontendHandler.CODEC, new ClientHttpCodec(decoder));
    }

    private void addTimeoutHandlers(ChannelPipeline p) {
        // Reader-idle only: an all-idle handler would add a listener (and a promise) to every write.
        p.addLast(IDLE, new IdleStateHandler(idleNanos, 0, 0, TimeUnit.NANOSECONDS));
    }
}
