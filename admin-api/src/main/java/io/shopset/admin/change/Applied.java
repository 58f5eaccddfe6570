package io.shopset.admin.change;

import io.shopset.routing.model.RoutingState;

/**
 * The result of an applied (or idempotently unchanged) mutation.
 *
 * @param state   the state now in force
 * @param version its store version
 * @param changed whether a change was written (false: it was already so)
 */
public record Applied(RoutingState state, long version, boolean changed) {
}
