package io.shopset.controller.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import org.jspecify.annotations.Nullable;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What a ShopSet is: its tier, configuration and failure domain, the Service of its pods, and how
 * the gateway treats it. The routing store's ShopSet is this plus the Service's ready endpoints.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.failureDomain == oldSelf.failureDomain",
                message = "failureDomain is immutable (shops rely on their replicas' domains): create a new ShopSet")
public final class ShopSetSpec {

    @Required
    @Pattern(Crds.DNS_LABEL)
    @JsonPropertyDescription("The name of its Tier (release level).")
    private String tier = "";

    @Pattern(Crds.DNS_LABEL)
    @JsonPropertyDescription("The name of the Configuration it runs with; only shops of this configuration are " +
                             "routed to it. Default production.")
    private @Nullable String configuration;

    @Required
    @Pattern(Crds.DNS_LABEL)
    @JsonPropertyDescription("The name of the FailureDomain it runs in; immutable.")
    private String failureDomain = "";

    @JsonPropertyDescription("Reserved for isolated shops: the placer never puts ordinary shops here.")
    private @Nullable Boolean dedicated;

    @Required
    @JsonPropertyDescription("The Service whose ready EndpointSlice endpoints are its pods.")
    private ServiceRef service = new ServiceRef();

    @JsonPropertyDescription("Active health checks of its endpoints; when left out, passive outlier detection only.")
    private @Nullable HealthCheckSpec healthCheck;

    @Min(value = 0, inclusive = false)
    @JsonPropertyDescription("Relative weight for the placer (> 0). Default 1.")
    private @Nullable Double capacity;

    @JsonPropertyDescription("Drain it by hand: no new requests, the placer moves its shops elsewhere.")
    private @Nullable Boolean draining;

    @JsonPropertyDescription("How its endpoints share requests: shop-hash (default), round-robin or least-request.")
    private @Nullable LoadBalancingMode loadBalancing;

    @Pattern(Crds.DURATION)
    @JsonPropertyDescription("How long a new endpoint takes to receive its full share, like 30s. Default 0s (at once).")
    private @Nullable String slowStart;

    public String getTier() {
        return tier;
    }

    public void setTier(String tier) {
        this.tier = tier;
    }

    public @Nullable String getConfiguration() {
        return configuration;
    }

    public void setConfiguration(@Nullable String configuration) {
        this.configuration = configuration;
    }

    public String getFailureDomain() {
        return failureDomain;
    }

    public void setFailureDomain(String failureDomain) {
        this.failureDomain = failureDomain;
    }

    public @Nullable Boolean getDedicated() {
        return dedicated;
    }

    public void setDedicated(@Nullable Boolean dedicated) {
        this.dedicated = dedicated;
    }

    public ServiceRef getService() {
        return service;
    }

    public void setService(ServiceRef service) {
        this.service = service;
    }

    public @Nullable HealthCheckSpec getHealthCheck() {
        return healthCheck;
    }

    public void setHealthCheck(@Nullable HealthCheckSpec healthCheck) {
        this.healthCheck = healthCheck;
    }

    public @Nullable Double getCapacity() {
        return capacity;
    }

    public void setCapacity(@Nullable Double capacity) {
        this.capacity = capacity;
    }

    public @Nullable Boolean getDraining() {
        return draining;
    }

    public void setDraining(@Nullable Boolean draining) {
        this.draining = draining;
    }

    public @Nullable LoadBalancingMode getLoadBalancing() {
        return loadBalancing;
    }

    public void setLoadBalancing(@Nullable LoadBalancingMode loadBalancing) {
        this.loadBalancing = loadBalancing;
    }

    public @Nullable String getSlowStart() {
        return slowStart;
    }

    public void setSlowStart(@Nullable String slowStart) {
        this.slowStart = slowStart;
    }
}
