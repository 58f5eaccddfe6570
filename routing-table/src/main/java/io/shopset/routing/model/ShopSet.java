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
 * @param managedBy     who owns the entry: {@link #MANAGED_BY_CONTROLLER} when the Kubernetes controller
 *                      writes it from a ShopSet resource (the admin API then refuses to change it);
 *                      {@code null} (the default) for entries of the file or the admin API
 */
public record ShopSet(String name, String tier, String configuration, String failureDomain, boolean dedicated,
                      List<Endpoint> endpoints, @Nullable HealthCheck healthCheck, double capacity,
                      boolean draining, LoadBalancing loadBalancing, Duration slowStart, @Nullable String managedBy) {

    public static final String DEFAULT_CONFIGURATION = "production";
    /** {@link #managedBy()} of the entries the Kubernetes controller writes. */
    public static final String MANAGED_BY_CONTROLLER = "controller";

    @JsonCreator
    public ShopSet(String name, String tier, @Nullable String configuration, String failureDomain,
                   @Nullable Boolean dedicated, @Nullable List<Endpoint> endpoints,
                   @Nullable HealthCheck healthCheck, @Nullable Double capacity, @Nullable Boolean draining,
                   @Nullable LoadBalancing loadBalancing, @Nullable Duration slowStart, @Nullable String managedBy) {
        this(name, tier, configuration == null ? DEFAULT_CONFIGURATION : configuration, failureDomain,
             dedicated != null && dedicated,
             endpoints == null ? List.of() : List.copyOf(endpoints.stream().filter(e -> e != null).toList()),
             healthCheck,
             capacity == null ? 1.0 : capacity,
             draining != null && draining,
             loadBalancing == null ? LoadBalancing.SHOP_HASH : loadBalancing,
             slowStart == null ? Duration.ZERO : slowStart,
             managedBy);
    }

    /** As the JSON creator, for an entry nobody owns. */
    public ShopSet(String name, String tier, @Nullable String configuration, String failureDomain,
                   @Nullable Boolean dedicated, @Nullable List<Endpoint> endpoints,
                   @Nullable HealthCheck healthCheck, @Nullable Double capacity, @Nullable Boolean draining,
                   @Nullable LoadBalancing loadBalancing, @Nullable Duration slowStart) {
        this(name, tier, configuration, failureDomain, dedicated, endpoints, healthCheck, capacity, draining,
             loadBalancing, slowStart, (String) null);
    }

    /** An entry nobody owns. */
    public ShopSet(String name, String tier, String configuration, String failureDomain, boolean dedicated,
                   List<Endpoint> endpoints, @Nullable HealthCheck healthCheck, double capacity,
                   boolean draining, LoadBalancing loadBalancing, Duration slowStart) {
        this(name, tier, configuration, failureDomain, dedicated, endpoints, healthCheck, capacity, draining,
             loadBalancing, slowStart, null);
    }

    /** A ShopSet with the defaults for everything but its identity, placement facts and endpoints. */
    public ShopSet(String name, String tier, String configuration, String failureDomain, boolean dedicated,
                   List<Endpoint> endpoints, @Nullable HealthCheck healthCheck, double capacity, boolean draining) {
        this(name, tier, configuration, failureDomain, dedicated, endpoints, healthCheck, capacity, draining,
             LoadBalancing.SHOP_HASH, Duration.ZERO, null);
    }

    /** Whether the Kubernetes controller owns this entry (the admin API may not change it). */
    public boolean managedByController() {
        return MANAGED_BY_CONTROLLER.equals(managedBy);
    }

    public ShopSet withDraining(boolean draining) {
        return new ShopSet(name, tier, configuration, failureDomain, dedicated, endpoints, healthCheck, capacity,
                           draining, loadBalancing, slowStart, managedBy);
    }

    public ShopSet withEndpoints(List<Endpoint> endpoints) {
        return new ShopSet(name, tier, configuration, failureDomain, dedicated, List.copyOf(endpoints), healthCheck,
                           capacity, draining, loadBalancing, slowStart, managedBy);
    }

    public ShopSet withManagedBy(@Nullable String managedBy) {
        return new ShopSet(name, tier, configuration, failureDomain, dedicated, endpoints, healthCheck, capacity,
                           draining, loadBalancing, slowStart, managedBy);
    }
}
