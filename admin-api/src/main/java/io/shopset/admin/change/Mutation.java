package io.shopset.admin.change;

import io.shopset.routing.model.RoutingState;

/**
 * One admin change as a function of the current state. It may be evaluated more than once (when
 * another writer came first it runs again on the newer state), so it must be pure and re-check its
 * preconditions ({@code If-Match}) against the state it is given.
 */
@FunctionalInterface
public interface Mutation {

    /** The change to make to {@code current}; throws {@link io.shopset.admin.api.ApiException} to refuse. */
    Outcome compute(RoutingState current);
}
