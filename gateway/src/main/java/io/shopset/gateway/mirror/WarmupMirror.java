package io.shopset.gateway.mirror;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.shopset.gateway.Ticker;
import io.shopset.gateway.lb.EndpointPicker;
import io.shopset.gateway.select.Backend;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.config.WarmupSettings;

/**
 * Mirrors a sample of a warming shop's GET requests to the dedicated ShopSet it will be isolated on,
 * so that ShopSet's caches are warm when the shop flips to it. Fire and forget: the copy goes on a
 * connection of its own (never the request's, never a pooled one), on the request's event loop; its
 * response is read and discarded; nothing about it — failure, slowness, a full budget — touches
 * the buyer's exchange. At most {@code maxConcurrent} copies are in flight; more are dropped.
 * The copy goes to the endpoint the shop will use after the flip (its shop-hash pick), so that
 * pod's per-shop caches are the ones warmed, and carries {@code X-ShopSet-Mirror: warmup}.
 *
 * <p>Called on event loops only; the counters are atomics.
 */
public final class WarmupMirror {

    /** The header every mirrored request carries. */
    public static final AsciiString MIRROR_HEADER = AsciiString.cached("x-shopset-mirror");
    private static final AsciiString WARMUP = AsciiString.cached("warmup");

    private final int samplePercent;
    private final int maxConcurrent;
    private final long timeoutMillis;
    private final Ticker ticker;
    private final Bootstrap bootstrap;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final Map<String, LongAdder> mirrored = new ConcurrentHashMap<>();

    public WarmupMirror(WarmupSettings settings, Class<? extends SocketChannel> channelClass, Duration connectTimeout,
                        Ticker ticker) {
        this.samplePercent = settings.samplePercent();
        this.maxConcurrent = settings.maxConcurrent();
        this.timeoutMillis = Math.max(1, settings.timeout().toMillis());
        this.ticker = ticker;
        bootstrap = new Bootstrap().channel(channelClass)
                                   .option(ChannelOption.TCP_NODELAY, true)
                                   .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                                           (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis())))
                                   .handler(new ChannelInitializer<SocketChannel>() {
                                       @Override
                                       protected void initChannel(SocketChannel ch) {
                                           ch.pipeline().addLast(new HttpClientCodec(), new Discard());
                                       }
                                   });
    }

    /**
     * Maybe mirrors {@code req} (its head, headers already rewritten for the upstream) of a shop on
     * {@code route} to {@code target}. Returns at once.
     */
    public void offer(ShopRoute route, HttpRequest req, Backend target, EventLoop loop) {
        if (req.method() != HttpMethod.GET || HttpUtil.isTransferEncodingChunked(req)
            || HttpUtil.getContentLength(req, 0L) != 0L
            || ThreadLocalRandom.current().nextInt(100) >= samplePercent) {
            return;
        }
        final int endpoint = EndpointPicker.pick(target, route.hash(), 0L, ticker.nanos());
        if (endpoint < 0) {
            dropped.increment();
            return;
        }
        if (inFlight.incrementAndGet() > maxConcurrent) {
            inFlight.decrementAndGet();
            dropped.increment();
            return;
        }
        final HttpHeaders headers = req.headers().copy();
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        headers.set(MIRROR_HEADER, WARMUP);
        final DefaultFullHttpRequest copy = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, req.uri(),
                                                                       Unpooled.EMPTY_BUFFER, headers,
                                                                       EmptyHttpHeaders.INSTANCE);
        final String shop = route.id();
        bootstrap.clone(loop).connect(target.address(endpoint)).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                inFlight.decrementAndGet();
                dropped.increment();
                return;
            }
            final Channel ch = f.channel();
            final var timeout = ch.eventLoop().schedule(() -> {
                ch.close();
            }, timeoutMillis, TimeUnit.MILLISECONDS);
            ch.closeFuture().addListener(c -> {
                timeout.cancel(false);
                inFlight.decrementAndGet();
            });
            ch.writeAndFlush(copy).addListener((ChannelFutureListener) w -> {
                if (w.isSuccess()) {
                    mirrored.computeIfAbsent(shop, k -> new LongAdder()).increment();
                } else {
                    dropped.increment();
                    ch.close();
                }
            });
        });
    }

    /** Requests of {@code shop} mirrored by this gateway so far (while it warms up). */
    public long mirrored(String shop) {
        final LongAdder a = mirrored.get(shop);
        return a == null ? 0 : a.sum();
    }

    /** Mirror copies not sent: over the concurrency cap, no endpoint available, or the connection failed. */
    public long dropped() {
        return dropped.sum();
    }

    /** Copies in flight now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Forgets the counts of shops no longer warming up. Control path. */
    public void retain(Set<String> warming) {
        mirrored.keySet().retainAll(warming);
    }

    /** Reads and discards the mirrored response; closes at its end or on any error. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            final boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
