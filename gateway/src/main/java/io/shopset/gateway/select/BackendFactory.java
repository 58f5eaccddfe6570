package io.shopset.gateway.select;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

import io.shopset.gateway.health.EndpointState;
import io.shopset.gateway.health.HealthRegistry;
import io.shopset.gateway.metrics.ShopSetMeters;
import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.model.ShopSet;

/**
 * Builds {@link Backend}s on the control path, wiring each to the live endpoint states, breaker and
 * meters that outlive any one routing snapshot.
 */
public final class BackendFactory {

    private final HealthRegistry health;
    private final ShopSetBreakers breakers;
    private final Function<ShopSet, ShopSetMeters> meters;

    public BackendFactory(HealthRegistry health, ShopSetBreakers breakers, Function<ShopSet, ShopSetMeters> meters) {
        this.health = health;
        this.breakers = breakers;
        this.meters = meters;
    }

    public Backend create(ShopSet spec) {
        final EndpointState[] states = new EndpointState[spec.endpoints().size()];
        for (int i = 0; i < states.length; i++) {
            states[i] = health.state(spec, spec.endpoints().get(i));
        }
        return new Backend(spec, states, breakers.get(spec.name()), meters.apply(spec));
    }

    /** Forgets the state of endpoints and ShopSets {@code snapshot} no longer has. */
    public void retain(RoutingSnapshot snapshot) {
        health.retain(snapshot);
        final Set<String> names = new HashSet<>();
        snapshot.state().shopsets().forEach(s -> names.add(s.name()));
        breakers.retain(names);
    }

    public HealthRegistry health() {
        return health;
    }
}
