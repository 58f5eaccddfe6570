/**
 * The reconcile: pure functions from what the informers hold and what the routing store holds to
 * the next routing state ({@link io.shopset.controller.reconcile.RoutingPlanner}), the release
 * order of the tiers ({@link io.shopset.controller.reconcile.ReleaseGate}, with the 5xx gate
 * {@link io.shopset.controller.reconcile.ErrorGate}), where a release stands on a ShopSet's
 * Deployments ({@link io.shopset.controller.reconcile.Rollout}) and every resource's status
 * ({@link io.shopset.controller.reconcile.StatusBuilder}); and
 * {@link io.shopset.controller.reconcile.Reconciler}, which applies them: one level-based pass over
 * everything, idempotent, on the controller's one reconcile thread.
 */
@NullMarked
package io.shopset.controller.reconcile;

import org.jspecify.annotations.NullMarked;
