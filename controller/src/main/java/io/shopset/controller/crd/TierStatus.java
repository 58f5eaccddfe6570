package io.shopset.controller.crd;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import org.jspecify.annotations.Nullable;

import io.fabric8.generator.annotation.Min;

/**
 * What the controller observed of a tier: conditions {@code Ready} and {@code ReleaseBlocked}, the
 * release given to its ShopSets, and which of them run the wanted release.
 */
public final class TierStatus extends ResourceStatus {

    @JsonPropertyDescription("The release every ShopSet of the tier has rolled out (its wanted release once the last " +
                             "one rolled).")
    private @Nullable String currentRelease;

    @Min(0)
    @JsonPropertyDescription("How many ShopSets are in the tier.")
    private @Nullable Integer shopSetCount;

    @JsonPropertyDescription("The tier's ShopSets that run the wanted release and are Ready.")
    private List<String> shopSetsRunningRelease = new ArrayList<>();

    @JsonPropertyDescription("The lower tier that holds the wanted release back, when it is held.")
    private @Nullable String blockedBy;

    public @Nullable String getCurrentRelease() {
        return currentRelease;
    }

    public void setCurrentRelease(@Nullable String currentRelease) {
        this.currentRelease = currentRelease;
    }

    public @Nullable Integer getShopSetCount() {
        return shopSetCount;
    }

    public void setShopSetCount(@Nullable Integer shopSetCount) {
        this.shopSetCount = shopSetCount;
    }

    public List<String> getShopSetsRunningRelease() {
        return shopSetsRunningRelease;
    }

    public void setShopSetsRunningRelease(@Nullable List<String> shopSetsRunningRelease) {
        this.shopSetsRunningRelease = shopSetsRunningRelease == null ? new ArrayList<>() : shopSetsRunningRelease;
    }

    public @Nullable String getBlockedBy() {
        return blockedBy;
    }

    public void setBlockedBy(@Nullable String blockedBy) {
        this.blockedBy = blockedBy;
    }
}
