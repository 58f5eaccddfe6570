package io.shopset.controller.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.shopset.routing.model.LoadBalancing;

/**
 * How a ShopSet's endpoints share its shops' requests (the routing model's {@link LoadBalancing}).
 */
public enum LoadBalancingMode {
    @JsonProperty("shop-hash")
    SHOP_HASH(LoadBalancing.SHOP_HASH),
    @JsonProperty("round-robin")
    ROUND_ROBIN(LoadBalancing.ROUND_ROBIN),
    @JsonProperty("least-request")
    LEAST_REQUEST(LoadBalancing.LEAST_REQUEST);

    private final LoadBalancing model;

    LoadBalancingMode(LoadBalancing model) {
        this.model = model;
    }

    public LoadBalancing model() {
        return model;
    }
}
