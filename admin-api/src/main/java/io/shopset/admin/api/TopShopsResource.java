package io.shopset.admin.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import io.shopset.admin.auth.Role;

/**
 * {@code GET /api/v1/top-shops?n=K}: the busiest shops by recent request rate, busiest first, as
 * {@code [{"shop", "requestsPerSecond"}]} (default 10, at most 1000).
 */
public final class TopShopsResource {

    /** One shop's recent rate. */
    public record ShopRate(String shop, double requestsPerSecond) {
    }

    private TopShopsResource() {
    }

    public static void register(Router router, IntFunction<List<ShopRate>> topShops) {
        router.add(new Route("GET", "/api/v1/top-shops", Role.VIEWER, req -> {
            final String n = req.queryParam("n");
            int k = 10;
            if (n != null) {
                try {
                    k = Integer.parseInt(n);
                } catch (NumberFormatException e) {
                    throw ApiException.badRequest("n must be a whole number from 1 to 1000, not \"" + n + '"', "n");
                }
                if (k < 1 || k > 1000) {
                    throw ApiException.badRequest("n must be from 1 to 1000, not " + k, "n");
                }
            }
            final List<Map<String, Object>> body = topShops.apply(k).stream().map(r -> {
                final Map<String, Object> m = new LinkedHashMap<>();
                m.put("shop", r.shop());
                m.put("requestsPerSecond", r.requestsPerSecond());
                return m;
            }).toList();
            return AdminResponse.json(body);
        }));
    }
}
