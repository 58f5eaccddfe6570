package io.shopset.gateway.server;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.shopset.gateway.edge.EdgeHandlers;
import io.shopset.gateway.inbound.ProxyContext;
import io.shopset.gateway.inbound.ProxyFrontendHandler;
import io.shopset.routing.config.GatewayConfig;

/**
 * The client connection's pipeline, built in named steps:
 *
 * <pre>
 * (edge)  PROXY protocol, TLS by SNI (TLS listener), slow reader, framing guard: see {@link EdgeHandlers}
 * "http"  HttpServerCodec       strict decoding: line and header limits, validated headers,
 *                               strict line endings, no duplicate Content-Length
 * (edge)  "admission" AdmissionHandler: overload 503, body size 413
 * "idle"  IdleStateHandler      keep-alive idle timeout
 * "proxy" ProxyFrontendHandler  the exchange
 * </pre>
 */
final class GatewayChannelInitializer extends ChannelInitializer<SocketChannel> {

    static final String IDLE = "idle";
    static final String PROXY = "proxy";

    private final ProxyContext px;
    private final ChannelGroup channels;
    private final EdgeHandlers edge;
    private final int maxRequestLine;
    private final int maxHeaderSize;
    private final long idleNanos;

    GatewayChannelInitializer(ProxyContext px, ChannelGroup channels, GatewayConfig config, EdgeHandlers edge) {
        this.px = px;
        this.channels = channels;
        this.edge = edge;
        maxRequestLine = config.http().maxRequestLine();
        maxHeaderSize = config.http().maxHeaderSize();
        idleNanos = config.timeouts().idle().toNanos();
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        channels.add(ch);
        final ChannelPipeline p = ch.pipeline();
        edge.addBeforeCodec(p);
        addCodecHandlers(p);
        edge.addAfterCodec(p);
        addTimeoutHandlers(p);
        p.addLast(PROXY, new ProxyFrontendHandler(px));
    }

    private void addCodecHandlers(ChannelPipeline p) {
        final HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(maxRequestLine)
                .setMaxHeaderSize(maxHeaderSize)
                .setMaxChunkSize(64 * 1024)
                .setAllowDuplicateContentLengths(false)
                .setStrictLineParsing(true)
                .setValidateHeaders(true);
        p.addLast(ProxyFrontendHandler.CODEC, new HttpServerCodec(decoder));
    }

    private void addTimeoutHandlers(ChannelPipeline p) {
        // Reader-idle only: an all-idle handler would add a listener (and a promise) to every write.
        p.addLast(IDLE, new IdleStateHandler(idleNanos, 0, 0, TimeUnit.NANOSECONDS));
    }
}
