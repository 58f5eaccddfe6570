package io.shopset.gateway.select;

import java.net.InetSocketAddress;
import java.util.List;

import io.shopset.gateway.metrics.ShopSetMeters;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.place.Hashing;

/**
 * The data plane's view of one ShopSet: its spec, its endpoints with their socket addresses
 * resolved once (off the event loop) and their hashes for picking, and its meters.
 */
public final class Backend {

    private final ShopSet spec;
    private final Endpoint[] endpoints;
    private final InetSocketAddress[] addresses;
    private final long[] endpointHashes;
    private final ShopSetMeters meters;

    public Backend(ShopSet spec, ShopSetMeters meters) {
        this.spec = spec;
        this.meters = meters;
        final List<Endpoint> eps = spec.endpoints();
        endpoints = eps.toArray(Endpoint[]::new);
        addresses = new InetSocketAddress[endpoints.length];
        endpointHashes = new long[endpoints.length];
        for (int i = 0; i < endpoints.length; i++) {
            addresses[i] = new InetSocketAddress(endpoints[i].host(), endpoints[i].port());
            final String key = endpoints[i].toString();
            endpointHashes[i] = Hashing.hash64(key, 0, key.length());
        }
    }

    public ShopSet spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public int endpointCount() {
        return endpoints.length;
    }

    public Endpoint endpoint(int i) {
        return endpoints[i];
    }

    public InetSocketAddress address(int i) {
        return addresses[i];
    }

    public long endpointHash(int i) {
        return endpointHashes[i];
    }

    public ShopSetMeters meters() {
        return meters;
    }

    /** Whether new requests may go here: not draining and with endpoints. */
    public boolean available() {
        return !spec.draining() && endpoints.length > 0;
    }
}
