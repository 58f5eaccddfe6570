package io.shopset.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.shopset.controller.crd.Crds;
import io.shopset.controller.reconcile.Rollout.ImagePatch;

/** Where a release stands on a ShopSet's Deployments. */
class RolloutTest {

    @Test
    void imageTags() {
        assertThat(Rollout.tag("registry.example.com:5000/shop/web:1.9")).isEqualTo("1.9");
        assertThat(Rollout.tag("registry.example.com:5000/shop/web")).isNull();
        assertThat(Rollout.tag("web:1.9@sha256:abc")).isEqualTo("1.9");
        assertThat(Rollout.withTag("registry.example.com:5000/shop/web:1.9", "2.0"))
                .isEqualTo("registry.example.com:5000/shop/web:2.0");
        assertThat(Rollout.withTag("registry.example.com:5000/shop/web", "2.0"))
                .isEqualTo("registry.example.com:5000/shop/web:2.0");
        assertThat(Rollout.withTag("web:1.9@sha256:abc", "2.0")).isEqualTo("web:2.0");
    }

    @Test
    void aDeploymentOnTheOldImageIsPatchedInItsReleaseContainer() {
        final Rollout r = Rollout.of("2.0", List.of(deployment("web", "shop:1.9", 3, 3, 3, 3, 2L, 2L)));

        assertThat(r.rolled()).isFalse();
        assertThat(r.patches()).containsExactly(new ImagePatch("shops", "prod-a-web", 1, "web", "shop:1.9", "shop:2.0"));
        assertThat(r.message()).isEqualTo("rolling out 2.0: shops/prod-a-web runs shop:1.9");
    }

    @Test
    void rolledOnlyWhenTheNewGenerationIsObservedAndEveryReplicaIsUpdatedAndReady() {
        assertThat(Rollout.of("2.0", List.of(deployment("web", "shop:2.0", 3, 3, 3, 3, 3L, 2L))).message())
                .isEqualTo("rolling out 2.0: shops/prod-a-web generation 3 not observed yet");
        assertThat(Rollout.of("2.0", List.of(deployment("web", "shop:2.0", 3, 4, 2, 3, 3L, 3L))).message())
                .isEqualTo("rolling out 2.0: shops/prod-a-web 2 of 3 replicas updated, 3 ready, 1 old still running");
        assertThat(Rollout.of("2.0", List.of(deployment("web", "shop:2.0", 3, 3, 3, 2, 3L, 3L))).rolled()).isFalse();
        final Rollout done = Rollout.of("2.0", List.of(deployment("web", "shop:2.0", 3, 3, 3, 3, 3L, 3L)));
        assertThat(done.rolled()).isTrue();
        assertThat(done.patches()).isEmpty();
        assertThat(done.message()).isEqualTo("1 Deployment rolled out");
    }

    @Test
    void aNamedContainerThatIsMissingHoldsTheRollout_andNoDeploymentHasNothingToRoll() {
        final Rollout r = Rollout.of("2.0", List.of(deployment("app", "shop:1.9", 1, 1, 1, 1, 1L, 1L)));
        assertThat(r.rolled()).isFalse();
        assertThat(r.patches()).isEmpty();
        assertThat(r.message()).contains("has no container \"app\"");

        final Rollout none = Rollout.of("2.0", List.of());
        assertThat(none.rolled()).isTrue();
        assertThat(none.deployments()).isZero();
        assertThat(none.message()).contains("nothing to roll");
    }

    /** Containers sidecar and web; the annotation names {@code container}. */
    private static Deployment deployment(String container, String image, int replicas, int statusReplicas, int updated,
                                         int ready, long generation, long observed) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("prod-a-web").withNamespace("shops").withGeneration(generation)
                .addToLabels(Crds.SHOPSET_LABEL, "prod-a")
                .addToAnnotations(Crds.RELEASE_CONTAINER_ANNOTATION, container).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewTemplate().withNewSpec()
                .addNewContainer().withName("sidecar").withImage("envoy:1.30").endContainer()
                .addNewContainer().withName("web").withImage(image).endContainer()
                .endSpec().endTemplate().endSpec()
                .withNewStatus().withObservedGeneration(observed).withReplicas(statusReplicas)
                .withUpdatedReplicas(updated).withReadyReplicas(ready).endStatus()
                .build();
    }
}
