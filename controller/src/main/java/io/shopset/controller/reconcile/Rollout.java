package io.shopset.controller.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.shopset.controller.crd.Crds;

/**
 * Where a release stands on the Deployments of one ShopSet (those labelled
 * {@code shopset.io/shopset=<name>}). A pure function of the Deployments as the cache holds them.
 *
 * <p>The release is an image tag: the release container (annotation
 * {@code shopset.io/release-container}, else the first container) of each Deployment should run
 * {@code <repository>:<release>}; a Deployment that does not gets an {@link ImagePatch}. The release
 * has rolled when every Deployment runs it and Kubernetes reports the rollout complete:
 * {@code status.observedGeneration >= metadata.generation} and {@code updatedReplicas},
 * {@code replicas} and {@code readyReplicas} all equal {@code spec.replicas} (no old pod left,
 * every new pod ready). A ShopSet without Deployments has nothing to roll: the release counts as
 * rolled (its pods are not run by this cluster; the status says so).
 *
 * @param patches     the image changes still to make
 * @param rolled      whether every Deployment runs the release, rolled out
 * @param deployments how many Deployments the ShopSet has
 * @param message     where the rollout stands, for people
 */
public record Rollout(List<ImagePatch> patches, boolean rolled, int deployments, String message) {

    /**
     * One image to change.
     *
     * @param container     the index of the release container in the pod template
     * @param containerName its name (the patch checks it, so a reordered template is never patched blindly)
     * @param from          the image it runs now
     * @param to            the image with the release's tag
     */
    public record ImagePatch(String namespace, String name, int container, String containerName, String from,
                             String to) {
    }

    /** Where {@code release} stands on {@code deployments}. */
    public static Rollout of(String release, List<Deployment> deployments) {
        if (deployments.isEmpty()) {
            return new Rollout(List.of(), true, 0, "no Deployment labelled " + Crds.SHOPSET_LABEL + ": nothing to roll");
        }
        final List<ImagePatch> patches = new ArrayList<>();
        final List<String> pending = new ArrayList<>();
        for (Deployment d : deployments) {
            final String id = d.getMetadata().getNamespace() + '/' + d.getMetadata().getName();
            final List<Container> containers = d.getSpec() == null || d.getSpec().getTemplate() == null ||
                                               d.getSpec().getTemplate().getSpec() == null ? List.of()
                    : d.getSpec().getTemplate().getSpec().getContainers();
            final int index = releaseContainer(d, containers);
            if (index < 0) {
                pending.add(id + " has no container " + wantedContainer(d));
                continue;
            }
            final Container c = containers.get(index);
            final String image = Objects.requireNonNullElse(c.getImage(), "");
            if (!release.equals(tag(image))) {
                patches.add(new ImagePatch(d.getMetadata().getNamespace(), d.getMetadata().getName(), index, c.getName(),
                                           image, withTag(image, release)));
                pending.add(id + " runs " + (image.isEmpty() ? "no image" : image));
                continue;
            }
            final String progress = progress(d);
            if (progress != null) {
                pending.add(id + ' ' + progress);
            }
        }
        final int n = deployments.size();
        if (pending.isEmpty()) {
            return new Rollout(List.of(), true, n, n + " Deployment" + (n == 1 ? "" : "s") + " rolled out");
        }
        return new Rollout(List.copyOf(patches), false, n, "rolling out " + release + ": " +
                                                             RoutingPlanner.abbreviate(pending));
    }

    /** {@code null} when the Deployment has rolled out its current template, else what it waits for. */
    static @Nullable String progress(Deployment d) {
        final DeploymentStatus st = d.getStatus();
        final Long generation = d.getMetadata().getGeneration();
        final int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        if (st == null) {
            return "has no status yet";
        }
        if (generation != null && (st.getObservedGeneration() == null || st.getObservedGeneration() < generation)) {
            return "generation " + generation + " not observed yet";
        }
        final int updated = orZero(st.getUpdatedReplicas());
        final int replicas = orZero(st.getReplicas());
        final int ready = orZero(st.getReadyReplicas());
        if (updated == want && replicas == want && ready == want) {
            return null;
        }
        return updated + " of " + want + " replicas updated, " + ready + " ready" +
               (replicas > want ? ", " + (replicas - want) + " old still running" : "");
    }

    /** The tag of {@code image} ({@code repo/name:tag} or {@code repo/name:tag@sha256:…}), {@code null} when none. */
    static @Nullable String tag(String image) {
        final String ref = withoutDigest(image);
        final int colon = ref.lastIndexOf(':');
        return colon > ref.lastIndexOf('/') ? ref.substring(colon + 1) : null;
    }

    /** {@code image} with {@code tag} as its tag (a digest, which would pin the old image, is dropped). */
    static String withTag(String image, String tag) {
        final String ref = withoutDigest(image);
        final int colon = ref.lastIndexOf(':');
        final String repository = colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
        return repository + ':' + tag;
    }

    private static String withoutDigest(String image) {
        final int at = image.indexOf('@');
        return at < 0 ? image : image.substring(0, at);
    }

    private static int releaseContainer(Deployment d, List<Container> containers) {
        final String wanted = annotation(d);
        if (wanted == null) {
            return containers.isEmpty() ? -1 : 0;
        }
        for (int i = 0; i < containers.size(); i++) {
            if (wanted.equals(containers.get(i).getName())) {
                return i;
            }
        }
        return -1;
    }

    private static String wantedContainer(Deployment d) {
        final String wanted = annotation(d);
        return wanted == null ? "" : '"' + wanted + "\" (annotation " + Crds.RELEASE_CONTAINER_ANNOTATION + ')';
    }

    private static @Nullable String annotation(Deployment d) {
        final Map<String, String> a = d.getMetadata().getAnnotations();
        return a == null ? null : a.get(Crds.RELEASE_CONTAINER_ANNOTATION);
    }

    private static int orZero(@Nullable Integer i) {
        return i == null ? 0 : i;
    }
}
