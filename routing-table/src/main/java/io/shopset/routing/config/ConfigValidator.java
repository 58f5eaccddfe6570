package io.shopset.routing.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.shopset.routing.model.Cidr;

/**
 * The per-process settings of the file: listeners, store, trusted proxies, timeouts and limits on
 * client input. The routing part is checked by {@link io.shopset.routing.validate.RoutingValidator}.
 */
final class ConfigValidator {

    private ConfigValidator() {
    }

    static List<ConfigError> validate(GatewayConfig c) {
        final List<ConfigError> errors = new ArrayList<>();
        address(errors, "listen", c.listen());
        address(errors, "admin.listen", c.admin().listen());
        if (c.admin().tokenEnv().isBlank()) {
            errors.add(new ConfigError("admin.tokenEnv", "must name an environment variable"));
        }
        if (!c.store().equals("file") && !c.store().startsWith("redis://")) {
            errors.add(new ConfigError("store", "\"" + c.store() + "\" is neither file nor redis://host:port/db"));
        }
        if (c.stateFile().isBlank()) {
            errors.add(new ConfigError("stateFile", "must name a file"));
        }
        for (int i = 0; i < c.trustedProxies().size(); i++) {
            try {
                Cidr.parse(c.trustedProxies().get(i));
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError("trustedProxies[" + i + ']', e.getMessage()));
            }
        }
        positive(errors, "timeouts.connect", c.timeouts().connect());
        positive(errors, "timeouts.response", c.timeouts().response());
        positive(errors, "timeouts.requestHeaders", c.timeouts().requestHeaders());
        positive(errors, "timeouts.idle", c.timeouts().idle());
        positive(errors, "timeouts.upstreamIdle", c.timeouts().upstreamIdle());
        positive(errors, "shutdown.drainTimeout", c.shutdown().drainTimeout());
        if (c.shutdown().preStopDelay().isNegative()) {
            errors.add(new ConfigError("shutdown.preStopDelay", "must not be negative"));
        }
        if (c.accessLog().path().isBlank()) {
            errors.add(new ConfigError("accessLog.path", "must be - (standard output) or a file"));
        }
        final OutlierDetection od = c.outlierDetection();
        atLeast(errors, "outlierDetection.consecutiveFailures", od.consecutiveFailures(), 1);
        positive(errors, "outlierDetection.baseEjectionTime", od.baseEjectionTime());
        positive(errors, "outlierDetection.maxEjectionTime", od.maxEjectionTime());
        percent(errors, "outlierDetection.maxEjectionPercent", od.maxEjectionPercent());
        final CircuitBreakerSettings cb = c.circuitBreaker();
        percent(errors, "circuitBreaker.failureRateThreshold", cb.failureRateThreshold());
        percent(errors, "circuitBreaker.slowCallRateThreshold", cb.slowCallRateThreshold());
        positive(errors, "circuitBreaker.slowCallDuration", cb.slowCallDuration());
        atLeast(errors, "circuitBreaker.minimumCalls", cb.minimumCalls(), 1);
        if (cb.window().toSeconds() < 1) {
            errors.add(new ConfigError("circuitBreaker.window", Durations.format(cb.window()) + " (expected: >= 1s)"));
        }
        positive(errors, "circuitBreaker.openDuration", cb.openDuration());
        atLeast(errors, "circuitBreaker.halfOpenCalls", cb.halfOpenCalls(), 1);
        percent(errors, "retries.budgetPercent", c.retries().budgetPercent());
        atLeast(errors, "retries.minConcurrent", c.retries().minConcurrent(), 0);
        if (c.http().maxRequestLine() < 256) {
            errors.add(new ConfigError("http.maxRequestLine", c.http().maxRequestLine() + " (expected: >= 256)"));
        }
        if (c.http().maxHeaderSize() < 1024) {
            errors.add(new ConfigError("http.maxHeaderSize", c.http().maxHeaderSize() + " (expected: >= 1024)"));
        }
        edge(errors, c);
        tls(errors, c);
        positive(errors, "selfHealing.gracePeriod", c.selfHealing().gracePeriod());
        if (c.warmup().samplePercent() < 0 || c.warmup().samplePercent() > 100) {
            errors.add(new ConfigError("warmup.samplePercent", c.warmup().samplePercent() + " (expected: 0-100)"));
        }
        atLeast(errors, "warmup.maxConcurrent", c.warmup().maxConcurrent(), 1);
        positive(errors, "warmup.timeout", c.warmup().timeout());
        rateLimit(errors, c);
        return errors;
    }

    /** The edge-hardening settings: body and header limits, client timeouts, connection caps, overload. */
    private static void edge(List<ConfigError> errors, GatewayConfig c) {
        atLeast(errors, "http.maxHeaders", c.http().maxHeaders(), 1);
        if (c.http().maxBodySize() < 0) {
            errors.add(new ConfigError("http.maxBodySize", c.http().maxBodySize() + " (expected: >= 0)"));
        }
        positive(errors, "timeouts.bodyIdle", c.timeouts().bodyIdle());
        positive(errors, "timeouts.write", c.timeouts().write());
        atLeast(errors, "listener.maxConnections", c.listener().maxConnections(), 1);
        if (c.listener().proxyProtocol() && c.trustedProxies().isEmpty()) {
            errors.add(new ConfigError("listener.proxyProtocol",
                                       "true needs trustedProxies (the load balancers allowed to send it)"));
        }
        atLeast(errors, "overload.maxConnections", c.overload().maxConnections(), 1);
        if (!(c.overload().heapPercent() > 0 && c.overload().heapPercent() <= 100)) {
            errors.add(new ConfigError("overload.heapPercent", c.overload().heapPercent() + " (expected: > 0 and <= 100)"));
        }
        if (!(c.overload().directMemoryPercent() > 0 && c.overload().directMemoryPercent() <= 100)) {
            errors.add(new ConfigError("overload.directMemoryPercent",
                                       c.overload().directMemoryPercent() + " (expected: > 0 and <= 100)"));
        }
    }

    /** The TLS listener: an address, at least one certificate, sane intervals and caps. */
    private static void tls(List<ConfigError> errors, GatewayConfig c) {
        final TlsSettings tls = c.tls();
        if (!tls.enabled()) {
            if (!tls.certificates().isEmpty()) {
                errors.add(new ConfigError("tls.listen", "missing (certificates are given)"));
            }
            return;
        }
        address(errors, "tls.listen", tls.listen());
        if (tls.certificates().isEmpty()) {
            errors.add(new ConfigError("tls.certificates", "at least one certificate (the first is the default)"));
        }
        for (int i = 0; i < tls.certificates().size(); i++) {
            final TlsSettings.CertificateFiles f = tls.certificates().get(i);
            if (f.certFile() == null || f.certFile().isBlank()) {
                errors.add(new ConfigError("tls.certificates[" + i + "].certFile", "missing"));
            }
            if (f.keyFile() == null || f.keyFile().isBlank()) {
                errors.add(new ConfigError("tls.certificates[" + i + "].keyFile", "missing"));
            }
        }
        positive(errors, "tls.reloadInterval", tls.reloadInterval());
        atLeast(errors, "tls.maxConnections", tls.maxConnections(), 1);
        if (tls.proxyProtocol() && c.trustedProxies().isEmpty()) {
            errors.add(new ConfigError("tls.proxyProtocol", "true needs trustedProxies (the load balancers allowed to send it)"));
        }
        http2(errors, tls.http2());
    }

    /** The HTTP/2 limits of the TLS listener. */
    private static void http2(List<ConfigError> errors, Http2Settings h2) {
        atLeast(errors, "tls.http2.maxConcurrentStreams", h2.maxConcurrentStreams(), 1);
        atLeast(errors, "tls.http2.maxHeaderListSize", h2.maxHeaderListSize(), 1024);
        atLeast(errors, "tls.http2.initialWindowSize", h2.initialWindowSize(), 65535);
        atLeast(errors, "tls.http2.maxResets", h2.maxResets(), 1);
        if (h2.resetWindow().toSeconds() < 1 || h2.resetWindow().toSeconds() > Integer.MAX_VALUE
            || h2.resetWindow().toMillis() % 1000 != 0) {
            errors.add(new ConfigError("tls.http2.resetWindow",
                                       Durations.format(h2.resetWindow()) + " (expected: whole seconds, >= 1s)"));
        }
    }

    /** Global shop limits: a Redis URI (or off), a sync interval from 1ms to 1s, a timeout, a replica count. */
    private static void rateLimit(List<ConfigError> errors, GatewayConfig c) {
        final RateLimitSettings r = c.rateLimit();
        if (r.redis() != null && !r.redis().equals(RateLimitSettings.OFF) && !r.redis().startsWith("redis://")) {
            errors.add(new ConfigError("rateLimit.redis", "\"" + r.redis() + "\" is neither off nor redis://host:port/db"));
        }
        if (r.syncInterval().compareTo(Duration.ofMillis(1)) < 0 || r.syncInterval().compareTo(Duration.ofSeconds(1)) > 0) {
            errors.add(new ConfigError("rateLimit.syncInterval",
                                       Durations.format(r.syncInterval()) + " (expected: from 1ms to 1s)"));
        }
        positive(errors, "rateLimit.timeout", r.timeout());
        atLeast(errors, "rateLimit.fallbackReplicas", r.fallbackReplicas(), 1);
    }

    private static void address(List<ConfigError> errors, String path, String value) {
        try {
            ListenAddress.parse(value);
        } catch (IllegalArgumentException e) {
            errors.add(new ConfigError(path, "invalid address " + e.getMessage()));
        }
    }

    private static void atLeast(List<ConfigError> errors, String path, int value, int min) {
        if (value < min) {
            errors.add(new ConfigError(path, value + " (expected: >= " + min + ')'));
        }
    }

    private static void percent(List<ConfigError> errors, String path, int value) {
        if (value < 0 || value > 100) {
            errors.add(new ConfigError(path, value + " (expected: 0-100)"));
        }
    }

    private static void positive(List<ConfigError> errors, String path, Duration d) {
        if (d.isNegative() || d.isZero()) {
            errors.add(new ConfigError(path, Durations.format(d) + " (expected: > 0)"));
        }
    }
}
