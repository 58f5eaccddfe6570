package io.shopset.gateway.resolve;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.shopset.gateway.select.Backend;
import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.ShopRoute;

/**
 * What one request reads: a routing snapshot and the backends of exactly its ShopSets, built
 * together so a request never sees a ShopSet without its backend.
 */
public record DataPlaneSnapshot(RoutingSnapshot routing, Map<String, Backend> backends) {

    public @Nullable ShopRoute resolve(CharSequence host) {
        return routing.resolve(host);
    }

    public @Nullable Backend backend(String shopSet) {
        return backends.get(shopSet);
    }
}
