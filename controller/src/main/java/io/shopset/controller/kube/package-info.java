/**
 * The controller's Kubernetes side: informer caches, the reconcile queue, leader election through a
 * Lease, status writes (JSON Patch on {@code /status}), finalizers (updates with optimistic
 * locking, retried on conflict), release image patches of Deployments, and Events.
 */
@NullMarked
package io.shopset.controller.kube;

import org.jspecify.annotations.NullMarked;
