package io.shopset.routing.model;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

/**
 * Active health-check settings of a ShopSet's endpoints. Missing values take the defaults below.
 *
 * @param path               request path probed with GET (default {@code /healthz})
 * @param interval           time between probes (default 5s)
 * @param timeout            probe timeout (default 1s)
 * @param healthyThreshold   consecutive successes that mark an endpoint healthy (default 2)
 * @param unhealthyThreshold consecutive failures that mark an endpoint unhealthy (default 3)
 */
public record HealthCheck(String path, Duration interval, Duration timeout,
                          int healthyThreshold, int unhealthyThreshold) {

    public static final HealthCheck DEFAULT =
            new HealthCheck("/healthz", Duration.ofSeconds(5), Duration.ofSeconds(1), 2, 3);

    @JsonCreator
    public HealthCheck(@Nullable String path, @Nullable Duration interval, @Nullable Duration timeout,
                       @Nullable Integer healthyThreshold, @Nullable Integer unhealthyThreshold) {
        this(path == null ? "/healthz" : path,
             interval == null ? Duration.ofSeconds(5) : interval,
             timeout == null ? Duration.ofSeconds(1) : timeout,
             healthyThreshold == null ? 2 : (int) healthyThreshold,
             unhealthyThreshold == null ? 3 : (int) unhealthyThreshold);
    }
}
