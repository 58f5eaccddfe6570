package io.shopset.gateway.inbound;

import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.shopset.gateway.inbound.RequestValidator.Rejection;
import io.shopset.gateway.accesslog.AccessLogEntry;
import io.shopset.gateway.edge.EdgeReason;
import io.shopset.gateway.http1.RawHttpResponse;
import io.shopset.gateway.metrics.RetryReason;
import io.shopset.gateway.outbound.RateLimitHeaders;
import io.shopset.gateway.policy.ClientIdentity;
import io.shopset.gateway.policy.ThrottleResult;
import io.shopset.gateway.policy.ThrottleScope;
import io.shopset.gateway.metrics.ShopSetMeters;
import io.shopset.gateway.outbound.ErrorResponses;
import io.shopset.gateway.outbound.GatewayError;
import io.shopset.gateway.outbound.ResponseHeaders;
import io.shopset.gateway.resolve.DataPlaneSnapshot;
import io.shopset.gateway.select.AttemptPlan;
import io.shopset.gateway.select.Backend;
import io.shopset.gateway.upstream.UpstreamConnector;
import io.shopset.gateway.upstream.UpstreamListener;
import io.shopset.routing.ShopRoute;

/**
 * Drives every exchange of one client connection: resolve the shop, pick a ShopSet and endpoint,
 * stream the request up and the response down, then reuse both connections.
 *
 * <pre>
 * ClientHttpCodec → IdleStateHandler → ProxyFrontendHandler ⇄ (upstream) UpstreamHandler
 * </pre>
 *
 * <p>Concurrency: one instance per client connection, and every upstream connection it uses lives
 * on the same event loop, so all state here is plain fields touched by one thread.
 *
 * <p>Back-pressure: both channels run with {@code AUTO_READ} off. The client is read only while the
 * upstream is writable and the request is not complete; the upstream only while the client is
 * writable. Nothing is aggregated, so a 100 MB body crosses with a few chunks in memory.
 *
 * <p>Retries: a request that never reached an upstream (connect refused or timed out, a pooled
 * connection found closed when written to) goes to the next endpoint of the ShopSet, then the next
 * ShopSet of the shop's placement, whatever its method; an idempotent request whose reused
 * connection closed before any response byte is tried once more on a fresh connection. Nothing is
 * retried once body bytes went upstream or response bytes reached the client.
 *
 * <p>Pipelined requests that arrive while an exchange runs wait in {@code pending} and are served
 * in order after it.
 *
 * <p>HTTP/2: one instance per stream (its channel carries one exchange, converted to HTTP/1.1
 * objects before it); the connection is counted, idled and drained by the connection's handlers.
 */
public final class ProxyFrontendHandler extends ChannelInboundHandlerAdapter implements UpstreamListener {

    /** The pipeline name of the client-side HTTP codec, removed when a connection is upgraded. */
    public static final String CODEC = "http";

    private static final Logger logger = LoggerFactory.getLogger(ProxyFrontendHandler.class);

    private enum Phase {
        /** Waiting for a request head. */
        IDLE,
        /** Choosing and connecting an upstream; request content waits in {@code pending}. */
        CONNECTING,
        /** Streaming the request up and the response down. */
        FORWARDING,
        /** Answered locally; dropping the rest of the request body. */
        DISCARDING,
        /** Upgraded (101): relaying raw bytes both ways. */
        TUNNEL,
        /** Closing: everything is dropped. */
        CLOSED
    }

    private final ProxyContext px;
    /** Whether the channel is one HTTP/2 stream rather than a client connection. */
    private final boolean stream;
    private final ArrayDeque<Object> pending = new ArrayDeque<>(4);
    private @Nullable ChannelHandlerContext ctx;
    private Phase phase = Phase.IDLE;

    // The current exchange (one at a time per connection).
    private final AttemptPlan plan;
    private final ThrottleResult throttled = new ThrottleResult();
    private byte[] peerAddress = new byte[0];
    private boolean peerTrusted;
    /** Whether the connection came over TLS (the TLS listener). */
    private boolean secure;
    private String peerIp = "";
    // For the access log of the current exchange.
    private long startMillis;
    private long upstreamNanos;
    private long bytesIn;
    private long bytesOut;
    private @Nullable String flags;
    private @Nullable CharSequence requestId;
    private @Nullable Object client;
    private @Nullable HttpRequest request;
    private @Nullable ShopRoute route;
    private ShopSetMeters meters;
    private boolean failoverCounted;
    private GatewayError lastFailure = GatewayError.UPSTREAM_CONNECT_FAILURE;
    private @Nullable Channel upstream;
    private @Nullable InetSocketAddress upstreamAddress;
    private boolean upstreamReused;
    private boolean upstreamKeepAlive;
    private boolean idempotent;
    private boolean upgrade;
    private boolean head;
    private HttpVersion clientVersion = HttpVersion.HTTP_1_1;
    private boolean keepAlive;
    private boolean requestComplete;
    private boolean bodySent;
    private boolean informational;
    private boolean responseStarted;
    private int status;
    private long startNanos;
    /** When the response head is due ({@code System.nanoTime()}), or 0 when no response is awaited. */
    private long responseDeadline;
    /** The one timer of this connection, re-armed rather than rescheduled per request. */
    private @Nullable ScheduledFuture<?> timer;
    private final Runnable timerTask = this::onTimer;

    public ProxyFrontendHandler(ProxyContext px) {
        this(px, false);
    }

    /** @param stream whether the channel is one HTTP/2 stream (not counted as a connection) */
    public ProxyFrontendHandler(ProxyContext px, boolean stream) {
        this.px = px;
        this.stream = stream;
        plan = new AttemptPlan(px.selection());
        meters = px.metrics().none();
    }

    // ---- client side ----

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (!stream) {
            px.openConnections().incrementAndGet();
        }
        // The socket peer, or the client a PROXY protocol header named (edge.ProxyProtocolGate).
        final java.net.SocketAddress peer = ClientAddresses.peer(ctx.channel());
        peerAddress = ClientIdentity.addressOf(peer);
        peerTrusted = px.trust().trustsAddress(peerAddress);
        peerIp = ForwardedHeaders.address(peer);
        secure = ClientAddresses.secure(ctx.channel());
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (phase) {
            case IDLE -> {
                if (msg instanceof HttpRequest req) {
                    startExchange(req);
                } else {
                    ReferenceCountUtil.release(msg);
                }
            }
            case CONNECTING, FORWARDING -> {
                if (!requestComplete && msg instanceof HttpContent content) {
                    if (content.decoderResult().isFailure()) {
                        content.release();
                        refuseBrokenBody(content.decoderResult().cause());
                    } else if (phase == Phase.CONNECTING) {
                        pending.add(content);
                    } else {
                        forwardContent(content);
                    }
                } else {
                    pending.add(msg);
                }
            }
            case DISCARDING -> {
                if (!requestComplete && msg instanceof HttpContent) {
                    requestComplete = msg instanceof LastHttpContent;
                    ReferenceCountUtil.release(msg);
                    if (requestComplete) {
                        endExchange();
                    }
                } else {
                    pending.add(msg);
                }
            }
            case TUNNEL -> {
                final Channel up = upstream;
                if (msg instanceof ByteBuf && up != null) {
                    up.write(msg, up.voidPromise());
                } else {
                    ReferenceCountUtil.release(msg);
                }
            }
            case CLOSED -> ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        final Channel up = upstream;
        if (up != null && (phase == Phase.FORWARDING || phase == Phase.TUNNEL)) {
            up.flush();
            if ((phase == Phase.TUNNEL || !requestComplete) && up.isWritable()) {
                ctx.read();
            } else if (requestComplete && readAhead()) {
                // Keep the read armed while the response runs (no epoll re-arm per request); what
                // the client sends meanwhile (a pipelined request) waits in pending, one read at most.
                ctx.read();
            }
        } else if (phase == Phase.IDLE || (phase == Phase.DISCARDING && !requestComplete)) {
            // A partial request head, or the rest of a body we drop: keep reading.
            ctx.read();
        }
    }

    /**
     * Whether to keep reading the client while the response to its complete request runs: not for
     * an HTTP/2 stream (nothing follows on it), an upgrade (the client waits for 101) or when a
     * pipelined request already waits.
     */
    private boolean readAhead() {
        return !stream && !upgrade && pending.isEmpty();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        final Channel up = upstream;
        if (ctx.channel().isWritable() && up != null && (phase == Phase.FORWARDING || phase == Phase.TUNNEL)) {
            up.read();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (phase == Phase.IDLE || phase == Phase.TUNNEL) {
                close();
            }
        } else if (evt == DrainEvent.INSTANCE) {
            if (phase == Phase.IDLE) {
                close();
            } else {
                keepAlive = false;
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!stream) {
            px.openConnections().decrementAndGet();
        }
        if (request != null && phase != Phase.CLOSED && phase != Phase.TUNNEL && flags == null) {
            flags = "downstream_closed";
        }
        finishMetrics();
        phase = Phase.CLOSED;
        cancelResponseTimeout();
        final ScheduledFuture<?> t = timer;
        if (t != null) {
            timer = null;
            t.cancel(false);
        }
        dropUpstream();
        releasePending();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        logger.debug("client connection {} failed", ctx.channel(), cause);
        close();
    }

    // ---- the exchange ----

    private void startExchange(HttpRequest req) {
        final ChannelHandlerContext ctx = this.ctx;
        request = req;
        clientVersion = req.protocolVersion() == HttpVersion.HTTP_1_0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        startNanos = System.nanoTime();
        startMillis = System.currentTimeMillis();
        status = 0;
        upstreamNanos = -1;
        bytesIn = 0;
        bytesOut = 0;
        flags = null;
        requestId = null;
        client = null;
        px.activeRequests().incrementAndGet();
        keepAlive = HttpUtil.isKeepAlive(req) && !px.draining();
        requestComplete = false;
        final Rejection rejection = RequestValidator.check(req);
        if (rejection != null) {
            edgeRejected(EdgeReason.ofHead(rejection.error()));
            answerLocally(rejection.error(), rejection.detail(), true);
            return;
        }
        final DataPlaneSnapshot snap = px.resolver().current();
        if (snap == null) {
            answerLocally(GatewayError.NOT_READY, "the routing table is not loaded yet", false);
            return;
        }
        final byte[] client = ClientIdentity.clientAddress(peerAddress, peerTrusted,
                                                           peerTrusted ? req.headers().get(ForwardedHeaders.X_FORWARDED_FOR) : null,
                                                           px.trust());
        this.client = client;
        if (!snap.denyList().isEmpty() && ClientIdentity.in(client, snap.denyList())) {
            px.metrics().denied();
            answerLocally(GatewayError.CLIENT_DENIED, "requests from this client are refused", false);
            return;
        }
        final String host = req.headers().get(HttpHeaderNames.HOST);
        final ShopRoute r = snap.resolve(host);
        if (r == null) {
            answerLocally(GatewayError.NO_ROUTE, "no shop is served at \"" + host + '"', false);
            return;
        }
        route = r;
        final boolean allowlisted = !snap.allowList().isEmpty() && ClientIdentity.in(client, snap.allowList());
        if (!px.throttle().check(r, snap.limits(), ClientIdentity.key(client), allowlisted, startNanos, throttled)) {
            answerThrottled(r);
            return;
        }
        final HttpMethod method = req.method();
        head = method == HttpMethod.HEAD;
        idempotent = head || method == HttpMethod.GET || method == HttpMethod.OPTIONS;
        upgrade = req.headers().contains(HttpHeaderNames.UPGRADE)
                  && req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
        requestId = ForwardedHeaders.rewrite(req, r.id(), peerIp, peerTrusted, upgrade, secure);
        if (r.warmup() != null && !upgrade) {
            final Backend target = snap.backend(r.warmup().name());
            if (target != null) {
                px.mirror().offer(r, req, target, ctx.channel().eventLoop());
            }
        }
        plan.reset(r, snap);
        failoverCounted = false;
        lastFailure = GatewayError.UPSTREAM_CONNECT_FAILURE;
        phase = Phase.CONNECTING;
        nextAttempt();
    }

    /** Starts the plan's next attempt; answers 502/503 when none is left. */
    private void nextAttempt() {
        if (!plan.next()) {
            if (plan.attempts() == 0) {
                answerLocally(GatewayError.NO_HEALTHY_UPSTREAM,
                              "no ShopSet of shop \"" + route.id() + "\" is available", false);
            } else {
                answerLocally(lastFailure, "no upstream of shop \"" + route.id() + "\" could serve the request: " +
                                           lastFailure.reason(), false);
            }
            return;
        }
        meters = plan.backend().meters();
        if (plan.failedOver() && !failoverCounted) {
            failoverCounted = true;
            flags = "failover";
            px.metrics().failover();
        }
        connect(plan.address(), true);
    }

    /** Connects the current attempt, from the pool when {@code mayReuse} and one is idle. */
    private void connect(InetSocketAddress address, boolean mayReuse) {
        final ChannelHandlerContext ctx = this.ctx;
        final UpstreamConnector connector = px.connector();
        final Channel pooled = mayReuse ? connector.pooled(address) : null;
        if (pooled != null) {
            bindUpstream(pooled, address, true);
            return;
        }
        final ChannelFuture f = connector.connect(ctx.channel().eventLoop(), address);
        f.addListener((ChannelFutureListener) done -> {
            if (phase != Phase.CONNECTING || request == null) {
                done.channel().close();
                return;
            }
            if (done.isSuccess()) {
                bindUpstream(done.channel(), address, false);
                return;
            }
            logger.debug("connect to {} failed: {}", address, done.cause().toString());
            meters.connectFailure();
            plan.failed();
            lastFailure = GatewayError.UPSTREAM_CONNECT_FAILURE;
            px.metrics().retry(RetryReason.CONNECT_FAILURE);
            nextAttempt();
        });
    }

    private void bindUpstream(Channel ch, InetSocketAddress address, boolean reused) {
        upstream = ch;
        upstreamAddress = address;
        upstreamReused = reused;
        upstreamKeepAlive = true;
        bodySent = false;
        informational = false;
        responseStarted = false;
        UpstreamConnector.handler(ch).bind(this);
        phase = Phase.FORWARDING;
        ch.write(request).addListener(headWritten);
        while (!requestComplete && pending.peek() instanceof HttpContent content) {
            pending.poll();
            forwardContent(content);
        }
        ch.flush();
        ch.read();
        if (!requestComplete && ch.isWritable()) {
            ctx.read();
        }
    }

    /** A pooled connection found closed when the head was written never reached an upstream: retry. */
    private final ChannelFutureListener headWritten = this::onHeadWritten;

    private void onHeadWritten(ChannelFuture f) {
        if (f.isSuccess() || f.channel() != upstream || responseStarted) {
            return;
        }
        if (upstreamReused && !bodySent && f.cause() instanceof ClosedChannelException) {
            retryStaleConnection();
        } else {
            plan.failed();
            failUpstream(GatewayError.UPSTREAM_RESET, "the upstream connection failed while sending the request");
        }
    }

    private void forwardContent(HttpContent content) {
        final Channel up = upstream;
        final int readable = content.content().readableBytes();
        if (readable > 0) {
            bodySent = true;
            bytesIn += readable;
        }
        if (content instanceof LastHttpContent) {
            requestComplete = true;
            up.write(content, up.voidPromise());
            startResponseTimeout();
        } else {
            up.write(content, up.voidPromise());
        }
    }

    /**
     * A pooled connection was found closed (the upstream's keep-alive ended): the request never
     * reached the application; send it again on a fresh connection to the same endpoint, whatever
     * its method. The endpoint is not at fault, so this is no failure for it.
     */
    private void retryStaleConnection() {
        px.metrics().retry(RetryReason.STALE_CONNECTION);
        final InetSocketAddress address = upstreamAddress;
        prepareReplay();
        plan.abandoned();
        if (!plan.resume()) {
            nextAttempt();
            return;
        }
        connect(address, false);
    }

    /**
     * The current attempt failed after reaching an upstream, before any response byte went to the
     * client: an idempotent request without body bytes sent goes to the next endpoint or ShopSet
     * when the retry budget allows; otherwise the client gets {@code error}.
     */
    private void retryOrFail(GatewayError error, String detail, RetryReason reason) {
        lastFailure = error;
        if (idempotent && !bodySent && !responseStarted && plan.canAttemptAgain()) {
            if (plan.tryBudgetedRetry()) {
                px.metrics().retry(reason);
                prepareReplay();
                nextAttempt();
                return;
            }
            px.metrics().retryBudgetExhausted();
        }
        failUpstream(error, detail);
    }

    /** Drops the current upstream and rewinds the request so it can be written again (no body bytes went up). */
    private void prepareReplay() {
        dropUpstream();
        cancelResponseTimeout();
        phase = Phase.CONNECTING;
        if (requestComplete) {
            requestComplete = false;
            pending.addFirst(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    /**
     * Arms the response timeout. A connection keeps one timer task: a new request only moves the
     * deadline, and the task, when it fires early, re-arms itself for what is left — so a
     * keep-alive connection does not schedule and cancel a task per request.
     */
    private void startResponseTimeout() {
        if (responseDeadline != 0 || responseStarted) {
            return;
        }
        final long timeout = px.responseTimeoutNanos();
        responseDeadline = System.nanoTime() + timeout;
        if (timer == null) {
            timer = ctx.executor().schedule(timerTask, timeout, TimeUnit.NANOSECONDS);
        }
    }

    private void cancelResponseTimeout() {
        responseDeadline = 0;
    }

    private void onTimer() {
        timer = null;
        final long deadline = responseDeadline;
        if (deadline == 0 || phase == Phase.CLOSED) {
            return;
        }
        final long left = deadline - System.nanoTime();
        if (left > 0) {
            timer = ctx.executor().schedule(timerTask, left, TimeUnit.NANOSECONDS);
            return;
        }
        responseDeadline = 0;
        if (phase == Phase.FORWARDING && !responseStarted) {
            plan.failed();
            failUpstream(GatewayError.UPSTREAM_TIMEOUT, "the upstream did not answer in time");
        }
    }

    // ---- upstream side ----

    @Override
    public void onResponseHead(HttpResponse res) {
        if (res.decoderResult().isFailure()) {
            // Never a raw head. Netty's failed head is also its content: onResponseContent releases it.
            plan.failed();
            failUpstream(GatewayError.UPSTREAM_PROTOCOL_ERROR, "the upstream sent a malformed response");
            return;
        }
        final int code = res.status().code();
        if (code >= 200) {
            plan.succeeded(code);
        }
        if ((code == 502 || code == 503) && requestComplete && idempotent && !bodySent) {
            if (plan.canAttemptAgain() && plan.tryBudgetedRetry()) {
                lastFailure = code == 503 ? GatewayError.UPSTREAM_UNAVAILABLE : GatewayError.UPSTREAM_RESET;
                px.metrics().retry(RetryReason.STATUS_5XX);
                if (!(res instanceof HttpContent)) {
                    ReferenceCountUtil.release(res); // a raw head's buffer; its body is dropped as it comes
                }
                prepareReplay();
                nextAttempt();
                return;
            }
            if (plan.canAttemptAgain()) {
                px.metrics().retryBudgetExhausted();
            }
        }
        if (code == 101 && upgrade) {
            startTunnel(res);
            return;
        }
        if (code >= 100 && code < 200) {
            informational = true;
            ResponseHeaders.forClient(res, true, clientVersion, true);
            ctx.write(res, ctx.voidPromise());
            return;
        }
        cancelResponseTimeout();
        upstreamKeepAlive = RawHttpResponse.isKeepAlive(res);
        if (!requestComplete) {
            // An early answer (the body is not all sent): neither connection can be reused after it.
            keepAlive = false;
            upstreamKeepAlive = false;
        }
        if (px.draining()) {
            keepAlive = false;
        }
        status = code;
        upstreamNanos = System.nanoTime() - startNanos;
        final boolean bodyless = head || code == 204 || code == 304;
        keepAlive = ResponseHeaders.forClient(res, keepAlive, clientVersion, bodyless);
        responseStarted = true;
        ctx.write(res, ctx.voidPromise());
    }

    @Override
    public void onResponseContent(HttpContent content) {
        if (phase != Phase.FORWARDING) {
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            content.release();
            failUpstream(GatewayError.UPSTREAM_PROTOCOL_ERROR, "the upstream sent a malformed response body");
            return;
        }
        bytesOut += content.content().readableBytes();
        ctx.write(content, ctx.voidPromise());
        if (content instanceof LastHttpContent) {
            if (informational) {
                informational = false;
            } else if (responseStarted) {
                finishExchange();
            }
        }
    }

    @Override
    public void onTunnelBytes(ByteBuf bytes) {
        if (phase == Phase.TUNNEL) {
            ctx.write(bytes, ctx.voidPromise());
        } else {
            bytes.release();
        }
    }

    @Override
    public void onUpstreamReadComplete() {
        final ChannelHandlerContext ctx = this.ctx;
        ctx.flush();
        final Channel up = upstream;
        if (up != null && ctx.channel().isWritable()) {
            up.read();
        }
    }

    @Override
    public void onUpstreamWritabilityChanged(boolean writable) {
        if (writable && (phase == Phase.TUNNEL || (phase == Phase.FORWARDING && !requestComplete))) {
            ctx.read();
        }
    }

    @Override
    public void onUpstreamClosed(@Nullable Throwable cause) {
        upstream = null;
        if (phase == Phase.TUNNEL) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            phase = Phase.CLOSED;
            return;
        }
        if (phase != Phase.FORWARDING) {
            return;
        }
        if (!responseStarted) {
            if (upstreamReused && idempotent && !bodySent) {
                retryStaleConnection();
                return;
            }
            plan.failed();
            retryOrFail(GatewayError.UPSTREAM_RESET,
                        "the upstream closed the connection before answering", RetryReason.RESET);
            return;
        }
        // Mid-response: the client cannot be told otherwise.
        abort();
    }

    private void startTunnel(HttpResponse res) {
        cancelResponseTimeout();
        status = 101;
        ResponseHeaders.forClient(res, true, HttpVersion.HTTP_1_1, true);
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        res.headers().set(HttpHeaderNames.UPGRADE, upgradeProtocol());
        phase = Phase.TUNNEL;
        responseStarted = true;
        final ChannelHandlerContext ctx = this.ctx;
        ctx.writeAndFlush(res, ctx.voidPromise());
        meters.response(101);
        ctx.pipeline().remove(CODEC);
        UpstreamConnector.switchToTunnel(upstream);
        releasePending();
        ctx.read();
        upstream.read();
    }

    private String upgradeProtocol() {
        final String p = request.headers().get(HttpHeaderNames.UPGRADE);
        return p == null ? "websocket" : p;
    }

    // ---- ends ----

    private void finishExchange() {
        final Channel up = upstream;
        final InetSocketAddress addr = upstreamAddress;
        upstream = null;
        if (up != null) {
            if (upstreamKeepAlive && requestComplete) {
                px.connector().release(addr, up);
            } else {
                UpstreamConnector.handler(up).unbind();
                up.close();
            }
        }
        meters.response(status);
        endExchange();
    }

    /**
     * The request body failed to decode (broken chunk framing, …): nothing more of it goes up; the
     * upstream connection is dropped mid-request and the client gets 400 (when the response has not
     * started) and a close.
     */
    private void refuseBrokenBody(@Nullable Throwable cause) {
        edgeRejected(EdgeReason.ofBody(cause instanceof io.shopset.gateway.edge.EdgeRefusal r
                                       ? r.error() : GatewayError.BAD_REQUEST));
        dropUpstream();
        if (responseStarted) {
            abort();
            return;
        }
        if (cause instanceof io.shopset.gateway.edge.EdgeRefusal refusal) {
            // Cut off at the edge: the body went over the shop's limit (413) or stalled (408).
            answerLocally(refusal.error(), refusal.getMessage(), true);
            return;
        }
        answerLocally(GatewayError.BAD_REQUEST,
                      "malformed request body" + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                      true);
    }

    /** The upstream failed before the response started: answer the client ourselves. */
    private void failUpstream(GatewayError error, String detail) {
        dropUpstream();
        if (responseStarted) {
            abort();
            return;
        }
        if (!requestComplete) {
            keepAlive = false;
        }
        answerLocally(error, detail, false);
    }

    /** Answers {@code error}; closes when the request's framing is broken or its body is still coming. */
    private void answerLocally(GatewayError error, String detail, boolean framingBroken) {
        final ChannelHandlerContext ctx = this.ctx;
        final HttpRequest req = request;
        cancelResponseTimeout();
        final boolean close = framingBroken || !keepAlive || px.draining() || (!requestComplete && hasBody(req));
        final boolean html = req != null && req.headers().containsValue(HttpHeaderNames.ACCEPT, "text/html", true);
        final HttpVersion version = clientVersion;
        status = error.status().code();
        flags = error.reason();
        meters.response(status);
        final FullHttpResponse res = ErrorResponses.of(ctx.alloc(), error, detail, close, html, version);
        if (req != null) {
            // Refused before forwarding: the client's request id if it sent a sane one, else a new one,
            // so that the refusal can be found in the access log by the id the client sees.
            if (requestId == null) {
                final String sent = ForwardedHeaders.sentRequestId(req.headers());
                requestId = sent != null ? sent : RequestId.random();
            }
            res.headers().set(ForwardedHeaders.X_REQUEST_ID, requestId);
        }
        if (error.status().code() == 429) {
            RateLimitHeaders.set(res.headers(), throttled);
        }
        bytesOut = res.content().readableBytes();
        final ChannelFuture f = ctx.writeAndFlush(res);
        if (close) {
            f.addListener(ChannelFutureListener.CLOSE);
            finishMetrics();
            phase = Phase.CLOSED;
            releasePending();
            return;
        }
        if (requestComplete) {
            endExchange();
        } else {
            phase = Phase.DISCARDING;
            while (!requestComplete && pending.peek() instanceof HttpContent content) {
                pending.poll();
                requestComplete = content instanceof LastHttpContent;
                content.release();
            }
            if (requestComplete) {
                endExchange();
            } else {
                ctx.read();
            }
        }
    }

    /** Answers a request a tenant limit refused: 429 for rates, 503 for the shop's concurrency. */
    private void answerThrottled(ShopRoute r) {
        final ThrottleScope scope = throttled.scope();
        switch (scope) {
            case CLIENT -> answerLocally(GatewayError.THROTTLED_CLIENT,
                                         "too many requests from this client to shop \"" + r.id() + '"', false);
            case CLIENT_TOTAL -> answerLocally(GatewayError.THROTTLED_CLIENT_TOTAL,
                                               "too many requests from this client", false);
            case SHOP -> answerLocally(GatewayError.THROTTLED_SHOP,
                                       "shop \"" + r.id() + "\" is receiving too many requests", false);
            case SHOP_CONCURRENCY -> answerLocally(GatewayError.SHOP_CONCURRENCY_LIMIT,
                                                   "shop \"" + r.id() + "\" has too many requests in flight", false);
        }
    }

    /** Whether {@code req} announces a body (its framing was validated before this is asked). */
    private static boolean hasBody(@Nullable HttpRequest req) {
        if (req == null) {
            return false;
        }
        final String length = req.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        return HttpUtil.isTransferEncodingChunked(req) || (length != null && !length.equals("0"));
    }

    /** The exchange is over on both sides: reset, then serve the next request or close. */
    private void endExchange() {
        finishMetrics();
        request = null;
        route = null;
        meters = px.metrics().none();
        phase = Phase.IDLE;
        final ChannelHandlerContext ctx = this.ctx;
        if (!keepAlive) {
            phase = Phase.CLOSED;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            releasePending();
            return;
        }
        ctx.flush();
        while (phase == Phase.IDLE && !pending.isEmpty()) {
            channelRead(ctx, pending.poll());
        }
        if (phase == Phase.IDLE) {
            ctx.read();
        }
    }

    private void finishMetrics() {
        final int retries = Math.max(0, plan.attempts() - 1);
        final Backend backend = plan.backend();
        final int endpoint = plan.endpoint();
        plan.finish();
        throttled.release();
        final HttpRequest req = request;
        if (req == null) {
            return;
        }
        request = null;
        px.activeRequests().decrementAndGet();
        final long took = System.nanoTime() - startNanos;
        px.metrics().requestDuration(took);
        if (px.accessLog().enabled()) {
            final AccessLogEntry e = new AccessLogEntry();
            e.startMillis = startMillis;
            e.durationNanos = took;
            e.upstreamNanos = upstreamNanos;
            e.client = client != null ? client : peerAddress;
            e.method = req.method().name();
            e.path = req.uri();
            e.host = req.headers().get(HttpHeaderNames.HOST);
            e.status = status;
            e.bytesIn = bytesIn;
            e.bytesOut = bytesOut;
            e.shop = route != null ? route.id() : null;
            if (backend != null && route != null) {
                e.shopSet = backend.name();
                e.failureDomain = backend.spec().failureDomain();
                e.endpoint = endpoint >= 0 ? backend.endpoint(endpoint) : null;
            }
            e.retries = retries;
            e.flags = flags;
            e.requestId = requestId;
            px.accessLog().log(e);
        }
    }

    private void edgeRejected(@Nullable EdgeReason reason) {
        if (reason != null) {
            px.metrics().edge().rejected(reason);
        }
    }

    private void abort() {
        if (flags == null) {
            flags = "upstream_reset_mid_response";
        }
        dropUpstream();
        close();
    }

    private void close() {
        phase = Phase.CLOSED;
        final ChannelHandlerContext ctx = this.ctx;
        if (ctx != null) {
            ctx.close();
        }
    }

    private void dropUpstream() {
        final Channel up = upstream;
        upstream = null;
        if (up != null) {
            UpstreamConnector.handler(up).unbind();
            up.close();
        }
    }

    private void releasePending() {
        for (Object o; (o = pending.poll()) != null; ) {
            ReferenceCountUtil.release(o);
        }
    }
}
