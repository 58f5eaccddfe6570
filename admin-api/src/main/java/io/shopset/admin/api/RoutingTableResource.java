package io.shopset.admin.api;

import java.util.LinkedHashMap;
import java.util.Map;

import io.shopset.admin.auth.Role;
import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.RoutingTable;

/**
 * {@code GET /api/v1/routing-table}: the version and size of the snapshot in use, and its
 * {@code platformDomains} (so a client can turn shop id {@code abc} into host {@code abc.{domain}}).
 */
public final class RoutingTableResource {

    private RoutingTableResource() {
    }

    public static void register(Router router, RoutingTable table) {
        router.add(new Route("GET", "/api/v1/routing-table", Role.VIEWER, req -> {
            final RoutingSnapshot s = table.current();
            if (s == null) {
                throw new ApiException(503, "the routing table is not loaded yet", null);
            }
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("version", s.version());
            body.put("shops", s.shopCount());
            body.put("shopsets", s.shopSetCount());
            body.put("platformDomains", s.state().platformDomains());
            return AdminResponse.json(body);
        }));
    }
}
