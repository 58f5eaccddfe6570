package io.shopset.gateway.inbound;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.shopset.gateway.inbound.ClientAddresses.Trust;
import io.shopset.gateway.metrics.GatewayMetrics;
import io.shopset.gateway.accesslog.AccessLog;
import io.shopset.gateway.mirror.WarmupMirror;
import io.shopset.gateway.policy.TenantThrottle;
import io.shopset.gateway.resolve.RouteResolver;
import io.shopset.gateway.select.SelectionPolicy;
import io.shopset.gateway.upstream.UpstreamConnector;

/**
 * What every client connection's proxy handler shares: the resolver, the connector, the metrics and
 * the settings, plus the gateway-wide counters and the draining flag.
 */
public final class ProxyContext {

    private final RouteResolver resolver;
    private final UpstreamConnector connector;
    private final GatewayMetrics metrics;
    private final Trust trust;
    private final SelectionPolicy selection;
    private final TenantThrottle throttle;
    private final AccessLog accessLog;
    private final long responseTimeoutNanos;
    private final AtomicLong activeRequests;
    private final AtomicLong openConnections = new AtomicLong();
    private final WarmupMirror mirror;
    private volatile boolean draining;

    public ProxyContext(RouteResolver resolver, UpstreamConnector connector, GatewayMetrics metrics, Trust trust,
                        Duration responseTimeout, SelectionPolicy selection, AtomicLong activeRequests,
                        TenantThrottle throttle, AccessLog accessLog, WarmupMirror mirror) {
        this.resolver = resolver;
        this.mirror = mirror;
        this.accessLog = accessLog;
        this.throttle = throttle;
        this.selection = selection;
        this.activeRequests = activeRequests;
        this.connector = connector;
        this.metrics = metrics;
        this.trust = trust;
        responseTimeoutNanos = responseTimeout.toNanos();
        metrics.gauges(activeRequests, openConnections);
    }

    /** Mirrors warming shops' GET requests to their future dedicated ShopSet. */
    public WarmupMirror mirror() {
        return mirror;
    }

    public RouteResolver resolver() {
        return resolver;
    }

    public UpstreamConnector connector() {
        return connector;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public AccessLog accessLog() {
        return accessLog;
    }

    public TenantThrottle throttle() {
        return throttle;
    }

    public SelectionPolicy selection() {
        return selection;
    }

    public Trust trust() {
        return trust;
    }

    public long responseTimeoutNanos() {
        return responseTimeoutNanos;
    }

    /** Requests between their head arriving and their last response byte. */
    public AtomicLong activeRequests() {
        return activeRequests;
    }

    public AtomicLong openConnections() {
        return openConnections;
    }

    /** Whether the gateway is stopping: responses say {@code Connection: close}. */
    public boolean draining() {
        return draining;
    }

    public void startDraining() {
        draining = true;
    }
}
