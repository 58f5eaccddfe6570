/**
 * The Kubernetes controller ({@code shopset controller}): its own process, never on the request
 * path. It watches the four CRDs ({@code io.shopset.controller.crd}) and the ShopSets' EndpointSlices,
 * computes the desired routing state ({@code io.shopset.controller.reconcile}) and writes it through
 * the routing store while it holds the leader Lease ({@code io.shopset.controller.kube}).
 */
@NullMarked
package io.shopset.controller;

import org.jspecify.annotations.NullMarked;
