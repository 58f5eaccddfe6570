package io.shopset.admin.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shopset.admin.auth.Role;
import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.place.UnderReplication;

/**
 * {@code GET /api/v1/routing-table}: the version and size of the snapshot in use, and its
 * {@code platformDomains} (so a client can turn shop id {@code abc} into host {@code abc.{domain}}).
 * Also the shops
 * that are under-replicated — still placed on a ShopSet that failed for good, because no valid
 * ShopSet could take them ({@code "underReplicated": {"count", "shops": [first 100], "failedShopSets"}}).
 */
public final class RoutingTableResource {

    /** Shop ids listed at most (the count is always exact). */
    static final int LISTED = 100;

    private RoutingTableResource() {
    }

    public static void register(Router router, RoutingTable table, HealthView health) {
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
            final var failed = health.failedShopSets();
            final List<String> under = UnderReplication.shops(s.state(), s.placements(), failed.keySet());
            final Map<String, Object> u = new LinkedHashMap<>();
            u.put("count", under.size());
            u.put("shops", under.size() <= LISTED ? under : under.subList(0, LISTED));
            u.put("failedShopSets", List.copyOf(failed.keySet()));
            body.put("underReplicated", u);
            return AdminResponse.json(body);
        }));
    }
}
