package io.shopset.routing.model;

/**
 * Where ShopSets run: a cloud, a Kubernetes cluster, an on-prem site. Two replicas of a shop are
 * never placed in the same failure domain.
 */
public record FailureDomain(String name) {
}
