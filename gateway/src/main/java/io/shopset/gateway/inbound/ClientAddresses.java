package io.shopset.gateway.inbound;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslHandler;
import io.shopset.gateway.edge.ProxyProtocolGate;
import io.shopset.routing.model.Cidr;

/**
 * Which peers are trusted proxies ({@code trustedProxies}): only they may set
 * {@code X-Forwarded-For}.
 */
public final class ClientAddresses {

    private ClientAddresses() {
    }

    /**
     * The address a connection's requests come from: the client's from a PROXY protocol header when
     * the listener takes one ({@link ProxyProtocolGate#CLIENT_ADDRESS}), else the socket peer's. For
     * an HTTP/2 stream, its connection's.
     */
    public static SocketAddress peer(Channel ch) {
        final Channel conn = connection(ch);
        // hasAttr first: attr() would add an attribute to every connection.
        final InetSocketAddress proxied = conn.hasAttr(ProxyProtocolGate.CLIENT_ADDRESS)
                ? conn.attr(ProxyProtocolGate.CLIENT_ADDRESS).get() : null;
        return proxied != null ? proxied : conn.remoteAddress();
    }

    /**
     * Whether {@code ch} speaks TLS (its pipeline, or for an HTTP/2 stream its connection's, has the
     * SNI or TLS handler of the TLS listener).
     */
    public static boolean secure(Channel ch) {
        final Channel conn = connection(ch);
        return conn.pipeline().get(SniHandler.class) != null || conn.pipeline().get(SslHandler.class) != null;
    }

    /** The client connection {@code ch} belongs to: itself, or an HTTP/2 stream's parent. */
    private static Channel connection(Channel ch) {
        return ch instanceof Http2StreamChannel && ch.parent() != null ? ch.parent() : ch;
    }

    /** A set of trusted CIDR blocks. */
    public record Trust(List<Cidr> proxies) {

        public static final Trust NONE = new Trust(List.of());

        public static Trust of(List<String> cidrs) {
            return new Trust(cidrs.stream().map(Cidr::parse).toList());
        }

        /** Whether {@code peer} is a trusted proxy. */
        public boolean trusts(SocketAddress peer) {
            if (proxies.isEmpty() || !(peer instanceof InetSocketAddress isa)) {
                return false;
            }
            final InetAddress a = isa.getAddress();
            if (a == null) {
                return false;
            }
            return trustsAddress(a.getAddress());
        }

        /** Whether {@code address} (4 or 16 bytes) is a trusted proxy's. */
        public boolean trustsAddress(byte[] address) {
            for (int i = 0, n = proxies.size(); i < n; i++) {
                if (proxies.get(i).contains(address)) {
                    return true;
                }
            }
            return false;
        }
    }
}
