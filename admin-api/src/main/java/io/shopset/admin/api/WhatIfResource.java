package io.shopset.admin.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.shopset.admin.auth.Role;
import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.place.WhatIf;

/**
 * {@code GET /api/v1/what-if?failureDomain=D} or {@code ?shopset=S} (viewer): what losing a
 * failure domain or one ShopSet would do, on the routing snapshot in use, changing nothing —
 * {@code {"failureDomain"|"shopset", "failed":[…], "loseEveryReplica":{"count","shops"},
 * "leftOnOne":{"count","shops"}, "load":[{"shopset","failureDomain","requestsPerSecondBefore",
 * "requestsPerSecondAfter","shopsBefore","shopsAfter"}], "version"}} ({@link WhatIf}; load from
 * the data plane's recent rates). {@code limit} (1–100000, default 1000) caps each list of shops;
 * the counts are exact.
 */
public final class WhatIfResource {

    static final int DEFAULT_LIMIT = 1000;

    private WhatIfResource() {
    }

    public static void register(Router router, RoutingTable table, Supplier<Map<String, Double>> rates) {
        router.add(new Route("GET", "/api/v1/what-if", Role.VIEWER, req -> whatIf(req, table, rates)));
    }

    private static AdminResponse whatIf(AdminRequest req, RoutingTable table, Supplier<Map<String, Double>> rates) {
        final String domain = req.queryParam("failureDomain");
        final String shopSet = req.queryParam("shopset");
        if (domain == null && shopSet == null) {
            throw ApiException.badRequest("missing: give ?failureDomain=NAME or ?shopset=NAME", "failureDomain");
        }
        if (domain != null && shopSet != null) {
            throw ApiException.badRequest("give failureDomain or shopset, not both", "shopset");
        }
        final int limit = limit(req.queryParam("limit"));
        final RoutingSnapshot snap = table.current();
        if (snap == null) {
            throw new ApiException(503, "the routing table is not loaded yet", null);
        }
        final RoutingState state = snap.state();
        final Set<String> failed;
        final Map<String, Object> body = new LinkedHashMap<>();
        if (domain != null) {
            if (state.failureDomains().stream().noneMatch(d -> d.name().equals(domain))) {
                throw new ApiException(404, "unknown failure domain \"" + domain + '"', "failureDomain");
            }
            failed = WhatIf.shopSetsIn(state, domain);
            body.put("failureDomain", domain);
        } else {
            if (snap.shopSet(shopSet) == null) {
                throw new ApiException(404, "unknown ShopSet \"" + shopSet + '"', "shopset");
            }
            failed = Set.of(shopSet);
            body.put("shopset", shopSet);
        }
        final WhatIf.Result r = WhatIf.of(state, snap.placements(), failed, rates.get());
        body.put("failed", r.failed());
        body.put("loseEveryReplica", shops(r.loseEveryReplica(), limit));
        body.put("leftOnOne", shops(r.leftOnOne(), limit));
        final List<Map<String, Object>> load = new ArrayList<>();
        for (WhatIf.Load l : r.load()) {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("shopset", l.shopSet());
            m.put("failureDomain", l.failureDomain());
            m.put("requestsPerSecondBefore", l.requestsPerSecondBefore());
            m.put("requestsPerSecondAfter", l.requestsPerSecondAfter());
            m.put("shopsBefore", l.shopsBefore());
            m.put("shopsAfter", l.shopsAfter());
            load.add(m);
        }
        body.put("load", load);
        body.put("version", snap.version());
        return AdminResponse.json(body);
    }

    private static Map<String, Object> shops(List<String> ids, int limit) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", ids.size());
        m.put("shops", ids.size() <= limit ? ids : ids.subList(0, limit));
        return m;
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            final int n = Integer.parseInt(text);
            if (n >= 1 && n <= 100_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badRequest("expected a whole number from 1 to 100000, not \"" + text + '"', "limit");
    }
}
