package io.shopset.routing.model;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a bare address is a
 * block of one.
 */
public record Cidr(byte[] network, int prefixLength) {

    /**
     * Parses {@code text}. Only literal addresses are accepted: no name is ever resolved.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Cidr parse(String text) {
        final String t = text.trim();
        final int slash = t.indexOf('/');
        final String addr = slash < 0 ? t : t.substring(0, slash);
        if (addr.isEmpty() || !(addr.indexOf(':') >= 0 || addr.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address or CIDR block");
        }
        final byte[] bytes;
        try {
            bytes = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address or CIDR block");
        }
        final int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + text + "\" has no numeric prefix length");
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException(
                        "\"" + text + "\": prefix length " + prefix + " out of range (expected: 0-" + max + ')');
            }
        }
        return new Cidr(mask(bytes, prefix), prefix);
    }

    /** Whether {@code address} (4 or 16 bytes) lies in this block. */
    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int bits = prefixLength;
        for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
            final int m = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((address[i] & m) != (network[i] & m)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        final byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            final int bits = prefix - i * 8;
            if (bits >= 8) {
                continue;
            }
            out[i] = (byte) (bits <= 0 ? 0 : out[i] & (0xff << (8 - bits)));
        }
        return out;
    }
}
