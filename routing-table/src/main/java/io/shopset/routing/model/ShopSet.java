package io.shopset.routing.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

/**
 * One complete serving stack with its own endpoints.
 *
 * @param name          unique name, a DNS label ({@code prod-a})
 * @param tier          the tier's name
 * @param configuration the configuration it runs with (default {@code production})
 * @param failureDomain the failure domain's name
 * @param dedicated     reserved for isolated shops; the placer never puts ordinary shops here
 * @param endpoints     its pods
 * @param healthCheck   active health-check settings
 * @param capacity      relative weight for the placer (default 1)
 * @param draining      the placer moves shops off it and never places new ones there
 */
public record ShopSet(String name, String tier, String configuration, String failureDomain, boolean dedicated,
                      List<Endpoint> endpoints, HealthCheck healthCheck, double capacity, boolean draining) {

    public static final String DEFAULT_CONFIGURATION = "production";

    @JsonCreator
    public ShopSet(String name, String tier, @Nullable String configuration, String failureDomain,
                   @Nullable Boolean dedicated, @Nullable List<Endpoint> endpoints,
                   @Nullable HealthCheck healthCheck, @Nullable Double capacity, @Nullable Boolean draining) {
        this(name, tier, configuration == null ? DEFAULT_CONFIGURATION : configuration, failureDomain,
             dedicated != null && dedicated,
             endpoints == null ? List.of() : List.copyOf(endpoints.stream().filter(e -> e != null).toList()),
             healthCheck == null ? HealthCheck.DEFAULT : healthCheck,
             capacity == null ? 1.0 : capacity,
             draining != null && draining);
    }

    public ShopSet withDraining(boolean draining) {
        return new ShopSet(name, tier, configuration, failureDomain, dedicated, endpoints, healthCheck, capacity,
                           draining);
    }
}
