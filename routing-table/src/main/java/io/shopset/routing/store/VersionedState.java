package io.shopset.routing.store;

import static java.util.Objects.requireNonNull;

import io.shopset.routing.model.RoutingState;

/**
 * A routing state and its store version. A write names the version it was computed from; the
 * store refuses it if another write came first.
 *
 * @param version increases by one with every change the store accepts
 */
public record VersionedState(long version, RoutingState state) {

    public VersionedState {
        requireNonNull(state, "state");
    }
}
