package io.shopset.controller.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.shopset.controller.crd.Crds;

/**
 * Adds and removes the controller's finalizer with updates under optimistic locking: the update
 * carries the resource's {@code resourceVersion}; when someone else changed the resource meanwhile
 * the API server answers 409, and the update is redone on the fresh resource (nothing of the other
 * change is lost, nothing is written blindly). Finalizers of others are never touched.
 */
public final class Finalizers {

    static final int ATTEMPTS = 5;

    private static final Logger logger = LoggerFactory.getLogger(Finalizers.class);

    private final KubernetesClient client;

    public Finalizers(KubernetesClient client) {
        this.client = client;
    }

    public static boolean has(HasMetadata r) {
        final List<String> f = r.getMetadata().getFinalizers();
        return f != null && f.contains(Crds.FINALIZER);
    }

    /** Adds the finalizer to {@code cached} (possibly stale) unless it has it. */
    public <T extends HasMetadata> void add(Class<T> type, T cached) {
        edit(type, cached, r -> {
            if (has(r) || r.getMetadata().getDeletionTimestamp() != null) {
                return null;
            }
            final List<String> f = new ArrayList<>(r.getMetadata().getFinalizers() == null ? List.of()
                    : r.getMetadata().getFinalizers());
            f.add(Crds.FINALIZER);
            r.getMetadata().setFinalizers(f);
            return r;
        });
    }

    /** Removes the finalizer from {@code cached} (possibly stale), if it has it. */
    public <T extends HasMetadata> void remove(Class<T> type, T cached) {
        edit(type, cached, r -> {
            if (!has(r)) {
                return null;
            }
            final List<String> f = new ArrayList<>(r.getMetadata().getFinalizers());
            f.remove(Crds.FINALIZER);
            r.getMetadata().setFinalizers(f);
            return r;
        });
    }

    /**
     * Applies {@code change} (which returns {@code null} when there is nothing to do) and updates,
     * starting from {@code cached}; on a conflict, again from the resource as the server has it.
     */
    private <T extends HasMetadata> void edit(Class<T> type, T cached, Function<T, @Nullable T> change) {
        T current = copy(type, cached);
        for (int attempt = 1; ; attempt++) {
            final T changed = change.apply(current);
            if (changed == null) {
                return;
            }
            try {
                client.resource(changed).update();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= ATTEMPTS) {
                    throw e;
                }
                logger.debug("{} {} changed meanwhile (409), retrying on the fresh resource", type.getSimpleName(),
                             cached.getMetadata().getName());
                current = client.resources(type).withName(cached.getMetadata().getName()).get();
                if (current == null) {
                    return;
                }
            }
        }
    }

    private <T extends HasMetadata> T copy(Class<T> type, T r) {
        return client.getKubernetesSerialization().clone(r);
    }
}
