package io.shopset.controller.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import org.jspecify.annotations.Nullable;

import io.fabric8.generator.annotation.Min;

/**
 * What the controller observed of a configuration: its {@code Ready} condition and how many ShopSets
 * use it.
 */
public final class ConfigurationStatus extends ResourceStatus {

    @Min(0)
    @JsonPropertyDescription("How many ShopSets run with this configuration.")
    private @Nullable Integer shopSetCount;

    public @Nullable Integer getShopSetCount() {
        return shopSetCount;
    }

    public void setShopSetCount(@Nullable Integer shopSetCount) {
        this.shopSetCount = shopSetCount;
    }
}
