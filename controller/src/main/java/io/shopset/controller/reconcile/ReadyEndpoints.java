package io.shopset.controller.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.shopset.controller.crd.ServiceRef;

/**
 * The ready endpoints of a Service from its EndpointSlices, as the routing model's
 * {@code host:port}: every address of every endpoint whose {@code conditions.ready} is not false
 * (Kubernetes: unset means ready), on the slice's port named by the ShopSet (or its first port).
 * Sorted and without duplicates (an endpoint may briefly appear in two slices), so the same pods
 * always give the same list.
 */
public final class ReadyEndpoints {

    private ReadyEndpoints() {
    }

    public static List<io.shopset.routing.model.Endpoint> of(ServiceRef service, List<EndpointSlice> slices) {
        final TreeSet<String> seen = new TreeSet<>();
        final List<io.shopset.routing.model.Endpoint> out = new ArrayList<>();
        for (EndpointSlice slice : slices) {
            final Integer port = port(slice, service.getPort());
            if (port == null || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint e : slice.getEndpoints()) {
                if (!ready(e.getConditions()) || e.getAddresses() == null) {
                    continue;
                }
                for (String address : e.getAddresses()) {
                    final io.shopset.routing.model.Endpoint ep = new io.shopset.routing.model.Endpoint(address, port);
                    if (seen.add(ep.toString())) {
                        out.add(ep);
                    }
                }
            }
        }
        out.sort((a, b) -> a.toString().compareTo(b.toString()));
        return List.copyOf(out);
    }

    private static boolean ready(@Nullable EndpointConditions c) {
        return c == null || c.getReady() == null || c.getReady();
    }

    private static @Nullable Integer port(EndpointSlice slice, @Nullable String name) {
        if (slice.getPorts() == null) {
            return null;
        }
        for (EndpointPort p : slice.getPorts()) {
            if (p.getPort() != null && (name == null || name.equals(p.getName()))) {
                return p.getPort();
            }
        }
        return null;
    }
}
