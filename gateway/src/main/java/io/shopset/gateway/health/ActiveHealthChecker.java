package io.shopset.gateway.health;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import io.shopset.gateway.Ticker;
import io.shopset.gateway.resolve.DataPlaneSnapshot;
import io.shopset.gateway.select.Backend;
import io.shopset.routing.model.HealthCheck;

/**
 * Active health checks: every endpoint of a ShopSet with a {@code healthCheck} gets
 * {@code GET path} every {@code interval}; a 2xx or 3xx within {@code timeout} is a success.
 * {@code unhealthyThreshold} failures in a row take the endpoint out, {@code healthyThreshold}
 * successes bring it back (with a fresh slow-start window: a recovered pod is cold).
 *
 * <p>Runs on its own single event loop, off the request path: a {@link #tick()} every 100 ms starts
 * the probes that are due, at most one at a time per endpoint.
 */
public final class ActiveHealthChecker implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ActiveHealthChecker.class);
    private static final long TICK_MILLIS = 100;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Supplier<@Nullable DataPlaneSnapshot> snapshots;
    private final Ticker ticker;
    private final HealthListener listener;
    // Touched only on the checker's event loop.
    private final Map<EndpointState, Long> nextProbe = new HashMap<>();
    private final Map<EndpointState, Boolean> probing = new HashMap<>();
    private final ScheduledFuture<?> ticks;

    /** Told when an endpoint's active health changes (on the checker's thread). */
    @FunctionalInterface
    public interface HealthListener {
        void changed(EndpointState state, boolean healthy);
    }

    public ActiveHealthChecker(EventLoopGroup group, Class<? extends SocketChannel> channelClass,
                               Supplier<@Nullable DataPlaneSnapshot> snapshots, Ticker ticker, HealthListener listener) {
        this.group = group;
        this.snapshots = snapshots;
        this.ticker = ticker;
        this.listener = listener;
        bootstrap = new Bootstrap().group(group).channel(channelClass)
                                   .option(ChannelOption.TCP_NODELAY, true)
                                   .handler(new ChannelInitializer<SocketChannel>() {
                                       @Override
                                       protected void initChannel(SocketChannel ch) {
                                           ch.pipeline().addLast(new HttpClientCodec());
                                       }
                                   });
        ticks = group.next().scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts every probe that is due. Runs on the checker's event loop. */
    void tick() {
        final DataPlaneSnapshot snap = snapshots.get();
        if (snap == null) {
            return;
        }
        final long now = ticker.nanos();
        final Map<EndpointState, Boolean> seen = new HashMap<>();
        for (Backend b : snap.backends().values()) {
            final HealthCheck hc = b.spec().healthCheck();
            if (hc == null) {
                continue;
            }
            for (int i = 0; i < b.endpointCount(); i++) {
                final EndpointState s = b.state(i);
                seen.put(s, Boolean.TRUE);
                final Long due = nextProbe.get(s);
                if (probing.containsKey(s) || (due != null && now - due < 0)) {
                    continue;
                }
                nextProbe.put(s, now + hc.interval().toNanos());
                probe(s, b.address(i), hc);
            }
        }
        nextProbe.keySet().retainAll(seen.keySet());
    }

    private void probe(EndpointState state, InetSocketAddress address, HealthCheck hc) {
        probing.put(state, Boolean.TRUE);
        final long timeoutMs = Math.max(1, hc.timeout().toMillis());
        final Bootstrap b = bootstrap.clone().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeoutMs, Integer.MAX_VALUE));
        b.connect(address).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                done(state, hc, false);
                return;
            }
            final Channel ch = f.channel();
            final boolean[] reported = new boolean[1];
            final ScheduledFuture<?> timeout = ch.eventLoop().schedule(() -> {
                if (!reported[0]) {
                    reported[0] = true;
                    done(state, hc, false);
                }
                ch.close();
            }, timeoutMs, TimeUnit.MILLISECONDS);
            ch.pipeline().addLast(new SimpleChannelInboundHandler<HttpObject>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
                    if (msg instanceof HttpResponse res && !reported[0]) {
                        reported[0] = true;
                        timeout.cancel(false);
                        final int code = res.status().code();
                        done(state, hc, res.decoderResult().isSuccess() && code >= 200 && code < 400);
                        ctx.close();
                    }
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    if (!reported[0]) {
                        reported[0] = true;
                        timeout.cancel(false);
                        done(state, hc, false);
                    }
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    ctx.close();
                }
            });
            final FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, hc.path());
            req.headers().set(HttpHeaderNames.HOST, state.endpoint().toString())
               .set(HttpHeaderNames.USER_AGENT, "shopset-health-check")
               .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ch.writeAndFlush(req);
        });
    }

    private void done(EndpointState state, HealthCheck hc, boolean ok) {
        if (!group.next().inEventLoop()) {
            group.next().execute(() -> done(state, hc, ok));
            return;
        }
        probing.remove(state);
        if (state.probe(ok, hc.healthyThreshold(), hc.unhealthyThreshold(), ticker.nanos())) {
            logger.info("endpoint {} of ShopSet {} is now {}", state.endpoint(), state.shopSet(),
                        state.activeHealthy() ? "healthy" : "unhealthy");
            listener.changed(state, state.activeHealthy());
        }
    }

    @Override
    public void close() {
        ticks.cancel(false);
    }
}
