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
        return errors;
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
