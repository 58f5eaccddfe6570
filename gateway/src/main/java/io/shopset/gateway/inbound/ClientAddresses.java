package io.shopset.gateway.inbound;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

import io.shopset.routing.model.Cidr;

/**
 * Which peers are trusted proxies ({@code trustedProxies}): only they may set
 * {@code X-Forwarded-For}.
 */
public final class ClientAddresses {

    private ClientAddresses() {
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
