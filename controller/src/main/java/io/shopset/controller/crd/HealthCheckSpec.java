package io.shopset.controller.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import org.jspecify.annotations.Nullable;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Active health checks of a ShopSet's endpoints (the configuration file's {@code healthCheck}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.timeout) || !has(self.interval) || duration(self.timeout) < duration(self.interval)",
                message = "timeout must be shorter than interval")
public final class HealthCheckSpec {

    @Pattern("^/.*")
    @JsonPropertyDescription("The path probed with GET on every endpoint; 2xx/3xx is a success. Default /healthz.")
    private @Nullable String path;

    @Pattern(Crds.DURATION)
    @JsonPropertyDescription("Time between probes, like 5s or 500ms. Default 5s.")
    private @Nullable String interval;

    @Pattern(Crds.DURATION)
    @JsonPropertyDescription("Probe timeout, shorter than interval. Default 1s.")
    private @Nullable String timeout;

    @Min(1)
    @JsonPropertyDescription("Consecutive successes that mark an endpoint healthy. Default 2.")
    private @Nullable Integer healthyThreshold;

    @Min(1)
    @JsonPropertyDescription("Consecutive failures that mark an endpoint unhealthy. Default 3.")
    private @Nullable Integer unhealthyThreshold;

    public @Nullable String getPath() {
        return path;
    }

    public void setPath(@Nullable String path) {
        this.path = path;
    }

    public @Nullable String getInterval() {
        return interval;
    }

    public void setInterval(@Nullable String interval) {
        this.interval = interval;
    }

    public @Nullable String getTimeout() {
        return timeout;
    }

    public void setTimeout(@Nullable String timeout) {
        this.timeout = timeout;
    }

    public @Nullable Integer getHealthyThreshold() {
        return healthyThreshold;
    }

    public void setHealthyThreshold(@Nullable Integer healthyThreshold) {
        this.healthyThreshold = healthyThreshold;
    }

    public @Nullable Integer getUnhealthyThreshold() {
        return unhealthyThreshold;
    }

    public void setUnhealthyThreshold(@Nullable Integer unhealthyThreshold) {
        this.unhealthyThreshold = unhealthyThreshold;
    }
}
