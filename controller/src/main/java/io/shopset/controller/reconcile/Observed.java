package io.shopset.controller.reconcile;

import static java.util.Comparator.comparing;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.shopset.controller.crd.ConfigurationResource;
import io.shopset.controller.crd.FailureDomainResource;
import io.shopset.controller.crd.ShopSetResource;
import io.shopset.controller.crd.TierResource;

/**
 * Everything the informers hold, copied at the start of one reconcile: the four kinds of resource
 * (sorted by name, so a reconcile never depends on cache order), the EndpointSlices by Service
 * ({@code namespace/name}) and the Deployments by the ShopSet of their {@code shopset.io/shopset}
 * label (sorted by {@code namespace/name}). The reconcile only reads these objects.
 */
public record Observed(List<ShopSetResource> shopSets, List<TierResource> tiers,
                       List<ConfigurationResource> configurations, List<FailureDomainResource> failureDomains,
                       Map<String, List<EndpointSlice>> slicesByService,
                       Map<String, List<Deployment>> deploymentsByShopSet) {

    public Observed {
        shopSets = sorted(shopSets);
        tiers = sorted(tiers);
        configurations = sorted(configurations);
        failureDomains = sorted(failureDomains);
        slicesByService = Map.copyOf(slicesByService);
        final Map<String, List<Deployment>> deployments = new java.util.HashMap<>();
        deploymentsByShopSet.forEach((k, v) -> deployments.put(k, v.stream().sorted(
                comparing((Deployment d) -> d.getMetadata().getNamespace() + '/' + d.getMetadata().getName())).toList()));
        deploymentsByShopSet = Map.copyOf(deployments);
    }

    /** Without Deployments. */
    public Observed(List<ShopSetResource> shopSets, List<TierResource> tiers,
                    List<ConfigurationResource> configurations, List<FailureDomainResource> failureDomains,
                    Map<String, List<EndpointSlice>> slicesByService) {
        this(shopSets, tiers, configurations, failureDomains, slicesByService, Map.of());
    }

    /**
     * A fingerprint of what the routing state is planned from: every resource's name, generation
     * (spec changes; status writes leave it) and deletion, and every EndpointSlice's
     * resourceVersion. Equal fingerprints: nothing to re-plan.
     */
    public long routingKey() {
        long h = 1125899906842597L;
        for (List<? extends HasMetadata> kind : List.of(shopSets, tiers, configurations, failureDomains)) {
            for (HasMetadata r : kind) {
                h = 31 * h + r.getMetadata().getName().hashCode();
                h = 31 * h + java.util.Objects.hashCode(r.getMetadata().getGeneration());
                h = 31 * h + (deleting(r) ? 1 : 0);
            }
            h = 31 * h + kind.size();
        }
        for (List<EndpointSlice> slices : new java.util.TreeMap<>(slicesByService).values()) {
            for (EndpointSlice s : slices) {
                h = 31 * h + s.getMetadata().getName().hashCode();
                h = 31 * h + java.util.Objects.hashCode(s.getMetadata().getResourceVersion());
            }
        }
        return h;
    }

    /** The Deployments labelled with ShopSet {@code name}. */
    public List<Deployment> deployments(String name) {
        return deploymentsByShopSet.getOrDefault(name, List.of());
    }

    /** The key of a Service in {@link #slicesByService}. */
    public static String serviceKey(String namespace, String name) {
        return namespace + '/' + name;
    }

    /** Whether {@code r} is being deleted (it still exists because of a finalizer). */
    public static boolean deleting(HasMetadata r) {
        return r.getMetadata().getDeletionTimestamp() != null;
    }

    private static <T extends HasMetadata> List<T> sorted(List<T> list) {
        return list.stream().sorted(comparing(r -> r.getMetadata().getName())).toList();
    }
}
