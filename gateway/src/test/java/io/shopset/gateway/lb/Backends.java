package io.shopset.gateway.lb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopset.gateway.Ticker;
import io.shopset.gateway.health.HealthRegistry;
import io.shopset.gateway.metrics.GatewayMetrics;
import io.shopset.gateway.select.Backend;
import io.shopset.gateway.select.BackendFactory;
import io.shopset.gateway.select.ShopSetBreakers;
import io.shopset.routing.build.SnapshotBuilder;
import io.shopset.routing.config.CircuitBreakerSettings;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.FailureDomain;
import io.shopset.routing.model.LoadBalancing;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.model.Tier;

/** Builds backends for picker tests over one health registry, as the resolver would. */
final class Backends {

    final HealthRegistry health;
    final BackendFactory factory;

    Backends(Ticker ticker) {
        health = new HealthRegistry(ticker);
        factory = new BackendFactory(health, new ShopSetBreakers(CircuitBreakerSettings.DEFAULT, ticker),
                                     new GatewayMetrics(new SimpleMeterRegistry())::shopSet);
    }

    static List<Endpoint> endpoints(int n) {
        final List<Endpoint> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Endpoint("10.0." + (i / 250) + '.' + (i % 250 + 1), 8080));
        }
        return out;
    }

    static ShopSet spec(List<Endpoint> endpoints, LoadBalancing lb, Duration slowStart) {
        return new ShopSet("s", "prod", "production", "dc-a", false, endpoints, null, 1.0, false, lb, slowStart);
    }

    Backend backend(List<Endpoint> endpoints, LoadBalancing lb, Duration slowStart) {
        return factory.create(spec(endpoints, lb, slowStart));
    }

    /** Marks the registry as past its first snapshot (which has {@code spec}): endpoints added from now on start cold. */
    void seeded(ShopSet spec) throws Exception {
        health.retain(SnapshotBuilder.build(new RoutingState(List.of(), 1, List.of(new Tier("prod", 30)),
                                                             List.of(new FailureDomain("dc-a")), List.of(spec),
                                                             List.of(), null), 1));
    }
}
