/**
 * The custom resources of API group {@code shopset.io}, version {@code v1alpha1}: {@link
 * io.shopset.controller.crd.ShopSetResource}, {@link io.shopset.controller.crd.TierResource}, {@link
 * io.shopset.controller.crd.ConfigurationResource} and {@link io.shopset.controller.crd.FailureDomainResource},
 * all cluster-scoped. The CRD YAML under {@code k8s/crds/} is generated from these classes by
 * fabric8's crd-generator (a test fails when the committed YAML is stale): every field carries a
 * {@code @JsonPropertyDescription} so that {@code kubectl explain} works.
 *
 * <p>These are Jackson beans (mutable, as fabric8 needs them); the controller copies what it reads
 * into its own immutable values at once and never shares an instance between threads.
 */
@NullMarked
package io.shopset.controller.crd;

import org.jspecify.annotations.NullMarked;
