package io.shopset.controller.crd;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import org.jspecify.annotations.Nullable;

import io.fabric8.generator.annotation.Min;

/**
 * What the controller observed of a ShopSet: conditions {@code Ready}, {@code Draining} and
 * {@code ReleaseBlocked}, its ready endpoints as written to the routing store, its shops, and the
 * release its Tier has given it.
 */
public final class ShopSetStatus extends ResourceStatus {

    @Min(0)
    @JsonPropertyDescription("How many ready endpoints the routing store lists for it.")
    private @Nullable Integer readyEndpoints;

    @JsonPropertyDescription("Its ready endpoints (host:port) as written to the routing store.")
    private List<String> endpoints = new ArrayList<>();

    @Min(0)
    @JsonPropertyDescription("How many shops list it in their placement.")
    private @Nullable Integer shopCount;

    @JsonPropertyDescription("The release it runs: its Tier's release, given once every lower tier runs it.")
    private @Nullable String currentRelease;

    @JsonPropertyDescription("When currentRelease was last set (RFC 3339).")
    private @Nullable String releaseTime;

    public @Nullable Integer getReadyEndpoints() {
        return readyEndpoints;
    }

    public void setReadyEndpoints(@Nullable Integer readyEndpoints) {
        this.readyEndpoints = readyEndpoints;
    }

    public List<String> getEndpoints() {
        return endpoints;
    }

    public void setEndpoints(@Nullable List<String> endpoints) {
        this.endpoints = endpoints == null ? new ArrayList<>() : endpoints;
    }

    public @Nullable Integer getShopCount() {
        return shopCount;
    }

    public void setShopCount(@Nullable Integer shopCount) {
        this.shopCount = shopCount;
    }

    public @Nullable String getCurrentRelease() {
        return currentRelease;
    }

    public void setCurrentRelease(@Nullable String currentRelease) {
        this.currentRelease = currentRelease;
    }

    public @Nullable String getReleaseTime() {
        return releaseTime;
    }

    public void setReleaseTime(@Nullable String releaseTime) {
        this.releaseTime = releaseTime;
    }
}
