package io.shopset.controller.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import org.jspecify.annotations.Nullable;

import io.fabric8.generator.annotation.Min;

/**
 * What the controller observed of a failure domain: conditions {@code Ready} and {@code Draining},
 * and its ShopSets and shops.
 */
public final class FailureDomainStatus extends ResourceStatus {

    @Min(0)
    @JsonPropertyDescription("How many ShopSets run in the domain.")
    private @Nullable Integer shopSetCount;

    @Min(0)
    @JsonPropertyDescription("How many shops have a replica in the domain.")
    private @Nullable Integer shopCount;

    public @Nullable Integer getShopSetCount() {
        return shopSetCount;
    }

    public void setShopSetCount(@Nullable Integer shopSetCount) {
        this.shopSetCount = shopSetCount;
    }

    public @Nullable Integer getShopCount() {
        return shopCount;
    }

    public void setShopCount(@Nullable Integer shopCount) {
        this.shopCount = shopCount;
    }
}
