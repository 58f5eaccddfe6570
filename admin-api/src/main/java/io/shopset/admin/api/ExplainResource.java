package io.shopset.admin.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.shopset.admin.auth.Role;
import io.shopset.admin.heal.RehomeService;
import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.lookup.HostNormalizer;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.ShopSet;

/**
 * {@code GET /api/v1/explain?host=H}: how the gateway routes a host now — the shop it resolves to,
 * every candidate ShopSet in order with its failure domain, health and the reason for its place,
 * and the one chosen (the first healthy one, or with {@code preferLocalFailureDomain} the first
 * healthy one in {@code gatewayFailureDomain}; {@code null}: the gateway answers 503), and
 * whether the shop is under-replicated (a candidate failed for good and nothing replaced it).
 */
public final class ExplainResource {

    private final RoutingTable table;
    private final HealthView health;
    private final @Nullable String localDomain;

    private ExplainResource(RoutingTable table, HealthView health, @Nullable String localDomain) {
        this.table = table;
        this.health = health;
        this.localDomain = localDomain;
    }

    /** @param localDomain the gateway's failure domain when it prefers it, else {@code null} */
    public static void register(Router router, RoutingTable table, HealthView health, @Nullable String localDomain) {
        router.add(new Route("GET", "/api/v1/explain", Role.VIEWER,
                             new ExplainResource(table, health, localDomain)::explain));
    }

    private AdminResponse explain(AdminRequest req) {
        final String host = req.queryParam("host");
        if (host == null || host.isBlank()) {
            throw ApiException.badRequest("missing (e.g. ?host=alpha.shops.test)", "host");
        }
        final RoutingSnapshot snap = table.current();
        if (snap == null) {
            throw new ApiException(503, "the routing table is not loaded yet", null);
        }
        final ShopRoute route = snap.resolve(host);
        if (route == null) {
            throw new ApiException(404, "no shop answers at host \"" + HostNormalizer.normalize(host) +
                                        "\" (the gateway answers 404)", "host");
        }
        final int placed = snap.placements().getOrDefault(route.id(), List.of()).size();
        final List<ShopSet> candidates = route.candidates();
        final boolean[] healthy = new boolean[candidates.size()];
        int chosen = -1;
        for (int i = 0; i < candidates.size(); i++) {
            healthy[i] = healthy(candidates.get(i));
            if (healthy[i] && chosen < 0) {
                chosen = i;
            }
        }
        int local = -1;
        if (localDomain != null) {
            for (int i = 0; i < candidates.size() && local < 0; i++) {
                if (healthy[i] && candidates.get(i).failureDomain().equals(localDomain)) {
                    local = i;
                }
            }
        }
        final int pick = local >= 0 ? local : chosen;
        final Map<String, Duration> failed = health.failedShopSets();
        boolean under = false;
        final List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            final ShopSet s = candidates.get(i);
            final Map<String, Object> c = new LinkedHashMap<>();
            c.put("shopset", s.name());
            c.put("failureDomain", s.failureDomain());
            c.put("healthy", healthy[i]);
            final Duration down = failed.get(s.name());
            under |= down != null;
            c.put("reason", position(route, i, placed) + "; " + (down != null && !healthy[i]
                    ? "skipped: failed (unhealthy for " + RehomeService.human(down) +
                      ", past the grace period); no valid ShopSet could replace it, so the shop is under-replicated"
                    : verdict(s, healthy[i], i == pick, local >= 0)));
            out.add(c);
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("host", HostNormalizer.normalize(host));
        body.put("shop", route.id());
        body.put("candidates", out);
        body.put("chosen", pick < 0 ? null : candidates.get(pick).name());
        body.put("underReplicated", under);
        return AdminResponse.json(body);
    }

    private boolean healthy(ShopSet s) {
        if (!Views.state(s, health).equals(HealthView.READY)) {
            return false;
        }
        for (Endpoint e : s.endpoints()) {
            if (health.endpointHealthy(s.name(), e)) {
                return true;
            }
        }
        return false;
    }

    private static String position(ShopRoute route, int i, int placed) {
        if (i < placed) {
            if (route.isolated()) {
                return "dedicated ShopSet (the shop is isolated)";
            }
            return "placement #" + (i + 1);
        }
        return "remembered placement #" + (i - placed + 1) + " (fallback while the dedicated ShopSet is unhealthy)";
    }

    private String verdict(ShopSet s, boolean healthy, boolean picked, boolean byLocality) {
        if (picked) {
            return byLocality ? "chosen: healthy, in the gateway's failure domain " + localDomain
                    : "chosen: the first healthy candidate";
        }
        if (healthy) {
            return "standby: healthy, but another candidate comes first";
        }
        final String state = Views.state(s, health);
        return switch (state) {
            case HealthView.DRAINING -> "skipped: draining";
            case HealthView.CIRCUIT_OPEN -> "skipped: circuit open";
            case HealthView.READY -> "skipped: no healthy endpoint";
            default -> "skipped: " + state + " (no healthy endpoint)";
        };
    }
}
