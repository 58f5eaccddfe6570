package io.shopset.gateway.policy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.netty.util.NetUtil;
import io.shopset.gateway.inbound.ClientAddresses.Trust;
import io.shopset.routing.model.Cidr;
import io.shopset.routing.place.Hashing;

/**
 * Who the client is, as throttling sees it: the socket peer, or — when the peer is a trusted proxy —
 * the right-most {@code X-Forwarded-For} hop that is not itself a trusted proxy. A client can never
 * choose its own identity: from an untrusted peer, {@code X-Forwarded-For} is ignored. IPv6 clients
 * are keyed by their /64 (one host gets a whole /64 from most providers).
 */
public final class ClientIdentity {

    private ClientIdentity() {
    }

    /** The address bytes of {@code peer} (4 or 16), or an empty array when it has none. */
    public static byte[] addressOf(SocketAddress peer) {
        if (peer instanceof InetSocketAddress isa) {
            final InetAddress a = isa.getAddress();
            if (a != null) {
                return a.getAddress();
            }
        }
        return new byte[0];
    }

    /**
     * The client's address bytes for a request from {@code peer} carrying {@code xff}.
     *
     * @param peerTrusted whether {@code peer} is a trusted proxy
     */
    public static byte[] clientAddress(byte[] peer, boolean peerTrusted, @Nullable String xff, Trust trust) {
        if (!peerTrusted || xff == null) {
            return peer;
        }
        int end = xff.length();
        while (end > 0) {
            int start = xff.lastIndexOf(',', end - 1) + 1;
            final String hop = xff.substring(start, end).trim();
            end = start - 1;
            final byte[] bytes = NetUtil.createByteArrayFromIpAddressString(stripPort(hop));
            if (bytes == null) {
                // Garbage where an address belongs: trust nothing left of it; the peer answers for it.
                return peer;
            }
            if (!trust.trustsAddress(bytes)) {
                return bytes;
            }
        }
        return peer;
    }

    /** The throttling key of an address: IPv4 as is, IPv6 by its /64. */
    public static long key(byte[] address) {
        if (address.length == 16 && isMappedV4(address)) {
            return Hashing.mix(0x4_0000_0000L | ((address[12] & 0xffL) << 24) | ((address[13] & 0xffL) << 16)
                               | ((address[14] & 0xffL) << 8) | (address[15] & 0xffL));
        }
        if (address.length == 4) {
            return Hashing.mix(0x4_0000_0000L | ((address[0] & 0xffL) << 24) | ((address[1] & 0xffL) << 16)
                               | ((address[2] & 0xffL) << 8) | (address[3] & 0xffL));
        }
        long prefix = 0;
        for (int i = 0; i < Math.min(8, address.length); i++) {
            prefix = prefix << 8 | (address[i] & 0xffL);
        }
        return Hashing.mix(prefix ^ 0x6666_0000_0000_0000L);
    }

    /** Whether {@code address} lies in one of {@code blocks}. */
    public static boolean in(byte[] address, List<Cidr> blocks) {
        for (int i = 0, n = blocks.size(); i < n; i++) {
            if (blocks.get(i).contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMappedV4(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            final int close = hop.indexOf(']');
            return close > 0 ? hop.substring(1, close) : hop;
        }
        final int colon = hop.indexOf(':');
        return colon > 0 && hop.indexOf(':', colon + 1) < 0 ? hop.substring(0, colon) : hop;
    }
}
