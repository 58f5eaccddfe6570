package io.shopset.gateway.resolve;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.shopset.gateway.select.Backend;
import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.model.Cidr;
import io.shopset.routing.model.DefaultLimits;

/**
 * What one request reads: a routing snapshot and the backends of exactly its ShopSets, built
 * together so a request never sees a ShopSet without its backend.
 */
public record DataPlaneSnapshot(RoutingSnapshot routing, Map<String, Backend> backends, List<Cidr> allowList,
                                List<Cidr> denyList) {

    public DataPlaneSnapshot(RoutingSnapshot routing, Map<String, Backend> backends) {
        this(routing, backends, routing.state().limits().allowList().stream().map(Cidr::parse).toList(),
             routing.state().limits().denyList().stream().map(Cidr::parse).toList());
    }

    /** The limits section of the routing state. */
    public DefaultLimits limits() {
        return routing.state().limits();
    }

    public @Nullable ShopRoute resolve(CharSequence host) {
        return routing.resolve(host);
    }

    public @Nullable Backend backend(String shopSet) {
        return backends.get(shopSet);
    }
}
