package io.shopset.routing.model;

import java.time.Duration;
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
 * @param healthCheck   active health-check settings; {@code null}: no active checks (passive outlier
 *                      detection still applies)
 * @param capacity      relative weight for the placer (default 1)
 * @param draining      the placer moves shops off it and never places new ones there
 * @param loadBalancing how its endpoints share requests (default {@code shop-hash})
 * @param slowStart     how long a new endpoint takes to receive its full share (default 0: at once)
 */
public record ShopSet(String name, String tier, String configuration, String failureDomain, boolean dedicated,
                      List<Endpoint> endpoints, @Nullable HealthCheck healthCheck, double capacity,
                      boolean draining, LoadBalancing loadBalancing, Duration slowStart) {

    public static final String DEFAULT_CONFIGURATION = "production";

    @JsonCreator
    public ShopSet(String name, String tier, @Nullable String configuration, String failureDomain,
                   @Nullable Boolean dedicated, @Nullable List<Endpoint> endpoints,
                   @Nullable HealthCheck healthCheck, @Nullable Double capacity, @Nullable Boolean draining,
                   @Nullable LoadBalancing loadBalancing, @Nullable Duration slowStart) {
        this(name, tier, configuration == null ? DEFAULT_CONFIGURATION : configuration, failureDomain,
             dedicated != null && dedicated,
             endpoints == null ? List.of() : List.copyOf(endpoints.stream().filter(e -> e != null).toList()),
             healthCheck,
             capacity == null ? 1.0 : capacity,
             draining != null && draining,
             loadBalancing == null ? LoadBalancing.SHOP_HASH : loadBalancing,
             slowStart == null ? Duration.ZERO : slowStart);
    }

    /** A ShopSet with the defaults for everything but its identity, placement facts and endpoints. */
    public ShopSet(String name, String tier, String configuration, String failureDomain, boolean dedicated,
                   List<Endpoint> endpoints, @Nullable HealthCheck healthCheck, double capacity, boolean draining) {
        this(name, tier, configuration, failureDomain, dedicated, endpoints, healthCheck, capacity, draining,
             LoadBalancing.SHOP_HASH, Duration.ZERO);
    }

    public ShopSet withDraining(boolean draining) {
        return new ShopSet(name, tier, configuration, failureDomain, dedicated, endpoints, healthCheck, capacity,
                           draining, loadBalancing, slowStart);
    }

    public ShopSet withEndpoints(List<Endpoint> endpoints) {
        return new ShopSet(name, tier, configuration, failureDomain, dedicated, List.copyOf(endpoints), healthCheck,
                           capacity, draining, loadBalancing, slowStart);
    }
}
