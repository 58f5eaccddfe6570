package io.shopset.controller.crd;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import org.jspecify.annotations.Nullable;

import io.fabric8.generator.annotation.Min;

/**
 * What the controller observed of a ShopSet: conditions {@code Ready}, {@code Draining} and
 * {@code ReleaseBlocked}, its ready endpoints as written to the routing store, its shops, the
 * release its Tier has given it ({@code targetRelease}) and the release its Deployments have rolled
 * out ({@code currentRelease}).
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

    @JsonPropertyDescription("The release its Tier has given it (once every lower tier ran it): the image tag its " +
                             "Deployments are patched to.")
    private @Nullable String targetRelease;

    @JsonPropertyDescription("The release it runs: targetRelease once every Deployment labelled " +
                             "shopset.io/shopset=<name> has rolled it out (all replicas updated and ready).")
    private @Nullable String currentRelease;

    @JsonPropertyDescription("When currentRelease was last set (RFC 3339): the bake time counts from here.")
    private @Nullable String releaseTime;

    @Min(0)
    @JsonPropertyDescription("How many Deployments are labelled shopset.io/shopset=<name>.")
    private @Nullable Integer deployments;

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

    public @Nullable String getTargetRelease() {
        return targetRelease;
    }

    public void setTargetRelease(@Nullable String targetRelease) {
        this.targetRelease = targetRelease;
    }

    public @Nullable Integer getDeployments() {
        return deployments;
    }

    public void setDeployments(@Nullable Integer deployments) {
        this.deployments = deployments;
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
