package io.shopset.controller.scrape;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

/**
 * Where the gateways' {@code /metrics} are: a fixed list of URLs, or every ready endpoint of the
 * gateways' Service (its EndpointSlices, from the controller's cache) on the admin port. The
 * gateways' Service exposes only the proxy port; the admin listener (where {@code /metrics} is)
 * listens on the same pods, on {@code adminPort}.
 */
public final class GatewayTargets {

    private GatewayTargets() {
    }

    /** Always {@code uris}. */
    public static Supplier<List<URI>> fixed(List<URI> uris) {
        final List<URI> copy = List.copyOf(uris);
        return () -> copy;
    }

    /**
     * The ready endpoints of Service {@code namespace/service}, as {@code http://address:adminPort/metrics},
     * sorted.
     *
     * @param slices the Service's EndpointSlices now, by namespace and name
     */
    public static Supplier<List<URI>> fromService(String namespace, String service, int adminPort,
                                                  BiFunction<String, String, List<EndpointSlice>> slices) {
        return () -> {
            final TreeSet<String> addresses = new TreeSet<>();
            for (EndpointSlice s : slices.apply(namespace, service)) {
                if (s.getEndpoints() == null) {
                    continue;
                }
                for (Endpoint e : s.getEndpoints()) {
                    final boolean ready = e.getConditions() == null || e.getConditions().getReady() == null ||
                                          e.getConditions().getReady();
                    if (ready && e.getAddresses() != null) {
                        addresses.addAll(e.getAddresses());
                    }
                }
            }
            final List<URI> out = new ArrayList<>(addresses.size());
            for (String a : addresses) {
                out.add(URI.create("http://" + (a.contains(":") ? '[' + a + ']' : a) + ':' + adminPort + "/metrics"));
            }
            return out;
        };
    }
}
