package io.shopset.gateway.inbound;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.shopset.gateway.inbound.ClientAddresses.Trust;
import io.shopset.gateway.metrics.GatewayMetrics;
import io.shopset.gateway.resolve.RouteResolver;
import io.shopset.gateway.upstream.UpstreamConnector;

/**
 * What every client connection's proxy handler shares: the resolver, the connector, the metrics and
 * the settings, plus the gateway-wide counters and the draining flag.
 */
public final class ProxyContext {

    /** At most this many upstream attempts per request (connect failures, dead pooled connections). */
    static final int MAX_ATTEMPTS = 4;

    private final RouteResolver resolver;
    private final UpstreamConnector connector;
    private final GatewayMetrics metrics;
    private final Trust trust;
    private final long responseTimeoutNanos;
    private final AtomicLong activeRequests = new AtomicLong();
    private final AtomicLong openConnections = new AtomicLong();
    private volatile boolean draining;

    public ProxyContext(RouteResolver resolver, UpstreamConnector connector, GatewayMetrics metrics, Trust trust,
                        Duration responseTimeout) {
        this.resolver = resolver;
        this.connector = connector;
        this.metrics = metrics;
        this.trust = trust;
        responseTimeoutNanos = responseTimeout.toNanos();
        metrics.gauges(activeRequests, openConnections);
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
