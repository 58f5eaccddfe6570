package io.shopset.gateway.edge;

import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import io.shopset.gateway.resolve.RouteResolver;
import io.shopset.routing.config.GatewayConfig;

/**
 * The edge handlers of a client connection's pipeline, around the HTTP codec:
 *
 * <pre>
 * "proxy-protocol-decoder" HAProxyMessageDecoder  PROXY protocol v1/v2 ({listener,tls}.proxyProtocol only)
 * "proxy-protocol"         ProxyProtocolGate      trusted peers only; the client address from the header
 * "tls"                    SniHandler             TLS listener only: the certificate by SNI, then SslHandler
 *   (TLS listener: the protocol ALPN chose decides what follows; HTTP/2: see io.shopset.gateway.http2)
 * "slow-reader"            SlowReaderGuard        timeouts.write
 * "framing"                FramingGuard           obs-fold, header count, timeouts.requestHeaders, timeouts.bodyIdle
 * "http"                   ClientHttpCodec        (the initializer's)
 * "admission"              AdmissionHandler       overload → 503, body size → 413 (on HTTP/2: per stream)
 * </pre>
 *
 * <p>Immutable; one per listener, shared by its connections (each gets new handler instances).
 */
public final class EdgeHandlers {

    public static final String PROXY_PROTOCOL_DECODER = "proxy-protocol-decoder";
    public static final String PROXY_PROTOCOL = "proxy-protocol";
    public static final String TLS = "tls";
    /** The largest ClientHello the SNI handler waits for. */
    static final int MAX_CLIENT_HELLO = 16 * 1024;
    public static final String SLOW_READER = "slow-reader";
    public static final String FRAMING = "framing";
    public static final String ADMISSION = "admission";

    private final boolean proxyProtocol;
    private final @Nullable Mapping<String, SslContext> certificates;
    private final Predicate<SocketAddress> trusted;
    private final RouteResolver resolver;
    private final BooleanSupplier overloaded;
    private final String codecName;
    private final int maxHeaders;
    private final long maxBodySize;
    private final long headNanos;
    private final long bodyIdleNanos;
    private final long writeNanos;
    private final EdgeObserver observer;

    /**
     * @param proxyProtocol whether this listener takes the PROXY protocol
     * @param certificates  this listener's certificates by SNI name, or {@code null} for plain HTTP
     * @param trusted       the peers allowed to send the PROXY protocol ({@code trustedProxies})
     * @param overloaded    whether the process sheds load now
     * @param codecName     the pipeline name of the HTTP codec
     * @param observer      told of every refusal the edge handlers make themselves
     */
    public EdgeHandlers(GatewayConfig config, boolean proxyProtocol, @Nullable Mapping<String, SslContext> certificates,
                        RouteResolver resolver, Predicate<SocketAddress> trusted, BooleanSupplier overloaded,
                        String codecName, EdgeObserver observer) {
        this.observer = observer;
        this.proxyProtocol = proxyProtocol;
        this.certificates = certificates;
        this.trusted = trusted;
        this.resolver = resolver;
        this.overloaded = overloaded;
        this.codecName = codecName;
        maxHeaders = config.http().maxHeaders();
        maxBodySize = config.http().maxBodySize();
        headNanos = config.timeouts().requestHeaders().toNanos();
        bodyIdleNanos = config.timeouts().bodyIdle().toNanos();
        writeNanos = config.timeouts().write().toNanos();
    }

    /** Whether this listener speaks TLS. */
    public boolean tls() {
        return certificates != null;
    }

    /** Adds the handlers of the connection's transport: the PROXY protocol and TLS, when the listener has them. */
    public void addTransport(ChannelPipeline p) {
        if (proxyProtocol) {
            p.addLast(PROXY_PROTOCOL_DECODER, new HAProxyMessageDecoder());
            p.addLast(PROXY_PROTOCOL, new ProxyProtocolGate(trusted, headNanos, observer));
        }
        if (certificates != null) {
            p.addLast(TLS, new SniHandler(certificates, MAX_CLIENT_HELLO, TimeUnit.NANOSECONDS.toMillis(headNanos)));
        }
    }

    /** Adds the handlers that go between the transport and the HTTP/1 codec (call it before adding the codec). */
    public void addBeforeCodec(ChannelPipeline p) {
        addSlowReader(p);
        p.addLast(FRAMING, new FramingGuard(maxHeaders, headNanos, bodyIdleNanos, codecName));
    }

    /** Adds a {@link SlowReaderGuard} ({@code timeouts.write}): on a connection, or on one HTTP/2 stream. */
    public void addSlowReader(ChannelPipeline p) {
        p.addLast(SLOW_READER, new SlowReaderGuard(writeNanos, observer));
    }

    /** How long a client has for its request head, or its TLS handshake ({@code timeouts.requestHeaders}). */
    public long headNanos() {
        return headNanos;
    }

    /** Told of every refusal at the edge. */
    public EdgeObserver observer() {
        return observer;
    }

    /** Adds the handlers that go right after the HTTP codec. */
    public void addAfterCodec(ChannelPipeline p) {
        p.addLast(ADMISSION, new AdmissionHandler(resolver, maxBodySize, overloaded));
    }
}
