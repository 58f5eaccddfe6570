package io.shopset.controller.reconcile;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.config.ConfigError;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.place.DrainPlanner;

/**
 * What {@link RoutingPlanner} decided: the next routing state and, for the statuses, why each
 * resource is as it is.
 *
 * @param next        the state to write; the current state itself when {@code errors} is not empty
 * @param errors      why the desired state is invalid (nothing is written); empty when valid
 * @param shopSets    per ShopSet resource, by name
 * @param drainBlocked per drain group (a cordoned domain, a draining or deleted ShopSet), why it is
 *                    not applied: draining it would leave shops without any ShopSet
 * @param removable   deleted resources ({@code Kind/name}) whose routing entries are gone once
 *                    {@code next} is written: their finalizer may go
 * @param held        deleted resources ({@code Kind/name}) still in the state, with the reason
 * @param moves       shops moved off drained ShopSets by this plan
 */
public record RoutingPlan(RoutingState next, List<ConfigError> errors, Map<String, ShopSetFacts> shopSets,
                          Map<String, String> drainBlocked, Set<String> removable, Map<String, String> held,
                          List<DrainPlanner.Move> moves) {

    /**
     * What the planner found for one ShopSet resource.
     *
     * @param readyEndpoints the Service's ready endpoints now
     * @param problem        why it is not (or no longer) written to the store, e.g. an unknown tier
     * @param drainReason    why it is draining ({@code Cordoned}, {@code DrainRequested},
     *                       {@code NoReadyEndpoints}, {@code Deleting}), {@code null} when it is not
     * @param drainMessage   the drain's reason for people
     */
    public record ShopSetFacts(String name, boolean deleting, List<Endpoint> readyEndpoints,
                               @Nullable Problem problem, @Nullable String drainReason,
                               @Nullable String drainMessage) {
    }

    /** A condition reason (CamelCase) and message. */
    public record Problem(String reason, String message) {
    }

    public static String key(String kind, String name) {
        return kind + '/' + name;
    }
}
