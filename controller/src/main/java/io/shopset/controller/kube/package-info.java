/**
 * The controller's Kubernetes side: informer caches, the reconcile queue, leader election through a
 * Lease, status writes (JSON merge patch on {@code /status}), finalizers (updates with optimistic
 * locking, retried on conflict) and Events.
 */
@NullMarked
package io.shopset.controller.kube;

import org.jspecify.annotations.NullMarked;
