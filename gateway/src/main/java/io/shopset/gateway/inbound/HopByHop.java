package io.shopset.gateway.inbound;

import java.util.List;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.shopset.gateway.http1.HeaderCount;

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection and are never forwarded, nor
 * are the headers a message names in its {@code Connection} header. {@code Transfer-Encoding} is
 * removed too; the side that writes the message sets the framing it uses.
 */
public final class HopByHop {

    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final AsciiString[] ALWAYS = {
            HttpHeaderNames.KEEP_ALIVE, PROXY_CONNECTION, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
            HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.PROXY_AUTHENTICATE
    };

    private HopByHop() {
    }

    /** Removes the headers a {@code Connection} field names. */
    private static void removeListed(HttpHeaders h, String value, boolean keepUpgrade) {
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == ',') {
                final String name = value.substring(start, i).trim();
                if (!name.isEmpty() && !(keepUpgrade && name.equalsIgnoreCase("upgrade"))) {
                    h.remove(name);
                }
                start = i + 1;
            }
        }
    }

    /**
     * Removes the hop-by-hop headers of {@code h}; keeps {@code Upgrade} when {@code keepUpgrade}
     * (the {@code Connection} header is removed either way; the caller sets its own).
     */
    public static void strip(HttpHeaders h, boolean keepUpgrade) {
        if (h.contains(HttpHeaderNames.CONNECTION)) {
            // One Connection field is the usual case: read it without a list.
            if (HeaderCount.of(h, HttpHeaderNames.CONNECTION) == 1) {
                removeListed(h, h.get(HttpHeaderNames.CONNECTION), keepUpgrade);
            } else {
                for (String value : h.getAll(HttpHeaderNames.CONNECTION)) {
                    removeListed(h, value, keepUpgrade);
                }
            }
            h.remove(HttpHeaderNames.CONNECTION);
        }
        for (AsciiString name : ALWAYS) {
            h.remove(name);
        }
        if (!keepUpgrade) {
            h.remove(HttpHeaderNames.UPGRADE);
        }
    }
}
