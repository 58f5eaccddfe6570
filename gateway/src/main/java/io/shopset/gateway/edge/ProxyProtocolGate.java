package io.shopset.gateway.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Accepts the PROXY protocol (v1 text or v2 binary, decoded by Netty's {@link HAProxyMessageDecoder}
 * just before it) on a listener with {@code listener.proxyProtocol: true}: only from peers in
 * {@code trustedProxies} (anyone else is closed at once), and only as the connection's first bytes,
 * within {@code timeouts.requestHeaders}. The client address it carries becomes the connection's
 * {@link #CLIENT_ADDRESS}, which X-Forwarded-For and throttling use instead of the peer's. A
 * {@code LOCAL} header (the load balancer's own health check) keeps the peer's address.
 *
 * <pre>
 * "proxy-protocol-decoder" HAProxyMessageDecoder → "proxy-protocol" ProxyProtocolGate → "framing" → "http" → …
 * </pre>
 *
 * <p>The rest of the pipeline sees {@code channelActive} only once the header is in, so the proxy
 * handler finds the address ready; both this gate and the decoder then leave the pipeline. A
 * connection refused here never becomes active for the handlers after it.
 *
 * <p>Concurrency: one instance per connection, on its event loop.
 */
public final class ProxyProtocolGate extends ChannelInboundHandlerAdapter {

    /** The client's address from the PROXY header; absent without one. */
    public static final AttributeKey<InetSocketAddress> CLIENT_ADDRESS = AttributeKey.valueOf("shopset.clientAddress");

    private static final Logger logger = LoggerFactory.getLogger(ProxyProtocolGate.class);

    private final Predicate<SocketAddress> trusted;
    private final long deadlineNanos;
    private final EdgeObserver observer;
    private @Nullable ScheduledFuture<?> timer;
    private boolean done;

    /**
     * @param trusted       whether a peer may send the PROXY protocol
     * @param deadlineNanos how long a trusted peer has to send the header
     * @param observer      told of each connection refused
     */
    public ProxyProtocolGate(Predicate<SocketAddress> trusted, long deadlineNanos, EdgeObserver observer) {
        this.trusted = trusted;
        this.deadlineNanos = deadlineNanos;
        this.observer = observer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!trusted.test(ctx.channel().remoteAddress())) {
            logger.debug("PROXY protocol from untrusted peer {}: closing", ctx.channel().remoteAddress());
            observer.rejected(EdgeReason.PROXY_PROTOCOL);
            ctx.close();
            return;
        }
        timer = ctx.executor().schedule(() -> {
            if (!done) {
                logger.debug("no PROXY header from {} in time: closing", ctx.channel().remoteAddress());
                observer.rejected(EdgeReason.PROXY_PROTOCOL);
                ctx.close();
            }
        }, deadlineNanos, TimeUnit.NANOSECONDS);
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!(msg instanceof HAProxyMessage header)) {
            ReferenceCountUtil.release(msg);
            observer.rejected(EdgeReason.PROXY_PROTOCOL);
            ctx.close();
            return;
        }
        final InetSocketAddress client;
        try {
            client = clientOf(header);
        } finally {
            header.release();
        }
        if (client != null) {
            ctx.channel().attr(CLIENT_ADDRESS).set(client);
        }
        done = true;
        cancelTimer();
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (done) {
            ctx.fireChannelReadComplete();
        } else if (ctx.channel().isActive()) {
            ctx.read();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (done) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        logger.debug("bad PROXY header from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        if (cause instanceof DecoderException && ctx.channel().isActive()) {
            observer.rejected(EdgeReason.PROXY_PROTOCOL);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        if (done) {
            ctx.fireChannelInactive();
        }
        // Else the handlers after this one never saw the connection become active.
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    /** The proxied client's address, or {@code null} for LOCAL, UNKNOWN or non-IP headers. */
    static @Nullable InetSocketAddress clientOf(HAProxyMessage header) {
        if (header.command() != HAProxyCommand.PROXY || header.sourceAddress() == null) {
            return null;
        }
        return switch (header.proxiedProtocol()) {
            case TCP4, TCP6, UDP4, UDP6 -> {
                final InetAddress a = NetUtil.createInetAddressFromIpAddressString(header.sourceAddress());
                yield a == null ? null : new InetSocketAddress(a, header.sourcePort());
            }
            default -> null;
        };
    }

    private void cancelTimer() {
        final ScheduledFuture<?> t = timer;
        if (t != null) {
            timer = null;
            t.cancel(false);
        }
    }
}
