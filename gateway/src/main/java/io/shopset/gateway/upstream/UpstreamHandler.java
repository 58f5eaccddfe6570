package io.shopset.gateway.upstream;

import org.jspecify.annotations.Nullable;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of an upstream connection: relays what the upstream sends to the exchange the
 * connection is bound to.
 *
 * <pre>
 * UpstreamHttpCodec → IdleStateHandler → UpstreamHandler
 * </pre>
 *
 * <p>Concurrency: confined to the connection's event loop (also the client's), so the binding is a
 * plain field. An unbound connection sits idle in a pool; anything it receives then (data, idle
 * timeout) closes it, since an idle HTTP/1.1 connection has nothing legitimate to say.
 */
public final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "upstream";

    private @Nullable UpstreamListener listener;
    private boolean closedReported;

    /** Binds this connection to an exchange. */
    public void bind(UpstreamListener listener) {
        this.listener = listener;
    }

    /** Unbinds it (before it goes back to the pool, or is closed). */
    public void unbind() {
        listener = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        final UpstreamListener l = listener;
        if (l == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof HttpResponse response) {
            l.onResponseHead(response);
            if (msg instanceof HttpContent content) {
                l.onResponseContent(content);
            }
        } else if (msg instanceof HttpContent content) {
            l.onResponseContent(content);
        } else if (msg instanceof ByteBuf bytes) {
            l.onTunnelBytes(bytes);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        final UpstreamListener l = listener;
        if (l != null) {
            l.onUpstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        final UpstreamListener l = listener;
        if (l != null) {
            l.onUpstreamWritabilityChanged(ctx.channel().isWritable());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && listener == null) {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        report(null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        report(cause);
        ctx.close();
    }

    private void report(@Nullable Throwable cause) {
        final UpstreamListener l = listener;
        if (l != null && !closedReported) {
            closedReported = true;
            listener = null;
            l.onUpstreamClosed(cause);
        }
    }
}
