package io.shopset.gateway.upstream;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * What an upstream connection tells the exchange it is bound to. All calls come on the event loop
 * that the client connection and the upstream connection share.
 */
public interface UpstreamListener {

    /**
     * A response head (informational or final). A head that is reference-counted (a raw one) is the
     * listener's to release or pass on, like content.
     */
    void onResponseHead(HttpResponse response);

    /** Response body content; the listener owns (and must release or pass on) {@code content}. */
    void onResponseContent(HttpContent content);

    /** Raw bytes after a protocol switch (101); the listener owns {@code bytes}. */
    void onTunnelBytes(io.netty.buffer.ByteBuf bytes);

    /** The end of one read batch: time to flush what was relayed. */
    void onUpstreamReadComplete();

    /** The upstream connection's writability changed: resume or pause reading the client. */
    void onUpstreamWritabilityChanged(boolean writable);

    /** The upstream connection closed, or failed with {@code cause} (then closed). */
    void onUpstreamClosed(@org.jspecify.annotations.Nullable Throwable cause);
}
