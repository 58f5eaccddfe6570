package io.shopset.controller.kube;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.shopset.controller.crd.ConfigurationResource;
import io.shopset.controller.crd.Crds;
import io.shopset.controller.crd.FailureDomainResource;
import io.shopset.controller.crd.ShopSetResource;
import io.shopset.controller.crd.TierResource;
import io.shopset.controller.reconcile.Observed;

/**
 * Informers over the four custom resources (cluster-scoped), the EndpointSlices of Services
 * (every slice labelled {@code kubernetes.io/service-name}, all namespaces) and the Deployments
 * labelled {@code shopset.io/shopset} (all namespaces). Every event, whatever it is, only calls
 * {@code onChange}: the reconcile is level-based and reads the caches whole ({@link #snapshot()}).
 */
public final class Caches implements AutoCloseable {

    /** The label the EndpointSlice controller puts on each slice: its Service's name. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private static final Logger logger = LoggerFactory.getLogger(Caches.class);

    private final SharedIndexInformer<ShopSetResource> shopSets;
    private final SharedIndexInformer<TierResource> tiers;
    private final SharedIndexInformer<ConfigurationResource> configurations;
    private final SharedIndexInformer<FailureDomainResource> failureDomains;
    private final SharedIndexInformer<EndpointSlice> slices;
    private final SharedIndexInformer<Deployment> deployments;

    /** Starts the informers; {@code onChange} runs on the informers' threads and must not block. */
    public Caches(KubernetesClient client, Duration resync, Runnable onChange) {
        final long resyncMs = resync.toMillis();
        shopSets = client.resources(ShopSetResource.class).inform(handler(onChange), resyncMs);
        tiers = client.resources(TierResource.class).inform(handler(onChange), resyncMs);
        configurations = client.resources(ConfigurationResource.class).inform(handler(onChange), resyncMs);
        failureDomains = client.resources(FailureDomainResource.class).inform(handler(onChange), resyncMs);
        slices = client.discovery().v1().endpointSlices().inAnyNamespace().withLabel(SERVICE_NAME_LABEL)
                       .inform(handler(onChange), resyncMs);
        deployments = client.apps().deployments().inAnyNamespace().withLabel(Crds.SHOPSET_LABEL)
                            .inform(handler(onChange), resyncMs);
    }

    /** Whether every informer has listed once (the caches are complete). */
    public boolean synced() {
        return shopSets.hasSynced() && tiers.hasSynced() && configurations.hasSynced() && failureDomains.hasSynced() &&
               slices.hasSynced() && deployments.hasSynced();
    }

    /**
     * The EndpointSlices of one Service as the cache holds them now (any thread; the gateways'
     * Service, for the metrics scraper).
     */
    public List<EndpointSlice> slices(String namespace, String service) {
        final List<EndpointSlice> out = new ArrayList<>();
        for (EndpointSlice s : slices.getStore().list()) {
            final Map<String, String> labels = s.getMetadata().getLabels();
            if (namespace.equals(s.getMetadata().getNamespace()) && labels != null &&
                service.equals(labels.get(SERVICE_NAME_LABEL))) {
                out.add(s);
            }
        }
        out.sort((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()));
        return out;
    }

    /** A copy of what the caches hold now. */
    public Observed snapshot() {
        final Map<String, List<EndpointSlice>> byService = new HashMap<>();
        for (EndpointSlice s : slices.getStore().list()) {
            final Map<String, String> labels = s.getMetadata().getLabels();
            final String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
            if (service != null) {
                byService.computeIfAbsent(Observed.serviceKey(s.getMetadata().getNamespace(), service),
                                          k -> new ArrayList<>()).add(s);
            }
        }
        byService.values().forEach(l -> l.sort((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName())));
        final Map<String, List<Deployment>> byShopSet = new HashMap<>();
        for (Deployment d : deployments.getStore().list()) {
            final Map<String, String> labels = d.getMetadata().getLabels();
            final String shopSet = labels == null ? null : labels.get(Crds.SHOPSET_LABEL);
            if (shopSet != null) {
                byShopSet.computeIfAbsent(shopSet, k -> new ArrayList<>()).add(d);
            }
        }
        return new Observed(shopSets.getStore().list(), tiers.getStore().list(), configurations.getStore().list(),
                            failureDomains.getStore().list(), byService, byShopSet);
    }

    @Override
    public void close() {
        for (SharedIndexInformer<?> i : List.of(shopSets, tiers, configurations, failureDomains, slices, deployments)) {
            try {
                i.close();
            } catch (RuntimeException e) {
                logger.debug("closing an informer", e);
            }
        }
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> handler(Runnable onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onChange.run();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onChange.run();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onChange.run();
            }
        };
    }
}
