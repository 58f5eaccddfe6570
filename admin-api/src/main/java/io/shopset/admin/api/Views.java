package io.shopset.admin.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shopset.routing.config.Durations;
import io.shopset.routing.config.Mappers;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.place.Placements;
import io.shopset.routing.place.Placer;

/** The JSON the admin API shows for shops and ShopSets. */
final class Views {

    private Views() {
    }

    /**
     * {@code {"id","hosts","configuration","tier","shopsets","placement","isolated",
     * "rememberedShopsets","limits","warmup"}}: {@code shopsets} is the placement in force (explicit, or the
     * placer's, as {@code placement} says); {@code tier} the one the placer keeps it to;
     * {@code limits} the shop's own (unset ones come from {@code limits.shop}); {@code warmup}
     * {@code {"target","until","mirrored"}} while it warms a dedicated ShopSet ({@code mirrored}: requests
     * this gateway copied there so far), else {@code null}.
     */
    static Map<String, Object> shop(Shop shop, RoutingState state, java.util.function.ToLongFunction<String> mirrored) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", shop.id());
        m.put("hosts", shop.hosts());
        m.put("configuration", shop.configuration());
        m.put("tier", shop.tier() != null ? shop.tier() : Placer.highestTier(state.tiers()));
        m.put("shopsets", Placements.of(shop, state));
        m.put("placement", shop.shopsets() != null ? "explicit" : "placer");
        m.put("isolated", shop.isolated());
        m.put("rememberedShopsets", shop.rememberedShopsets());
        m.put("limits", shop.limits() == null ? Map.of() : Mappers.json().convertValue(shop.limits(), Map.class));
        if (shop.warmup() != null) {
            final Map<String, Object> w = new LinkedHashMap<>();
            w.put("target", shop.warmup().target());
            w.put("until", shop.warmup().until());
            w.put("mirrored", mirrored.applyAsLong(shop.id()));
            m.put("warmup", w);
        } else {
            m.put("warmup", null);
        }
        return m;
    }

    /**
     * The ShopSet's settings as the configuration file writes them, its {@code state}, the number
     * of {@code shops} placed on it, per endpoint {@code {"endpoint","healthy"}} and, once the data
     * plane measured them, {@code requestsPerSecond} and {@code errorRate} (5xx share, 0 to 1) over
     * about the last second.
     */
    static Map<String, Object> shopSet(ShopSet s, HealthView health, int shops) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("tier", s.tier());
        m.put("configuration", s.configuration());
        m.put("failureDomain", s.failureDomain());
        m.put("dedicated", s.dedicated());
        m.put("draining", s.draining());
        m.put("state", state(s, health));
        m.put("shops", shops);
        final List<Map<String, Object>> eps = new ArrayList<>();
        for (Endpoint e : s.endpoints()) {
            final Map<String, Object> em = new LinkedHashMap<>();
            em.put("endpoint", e.toString());
            em.put("healthy", health.endpointHealthy(s.name(), e));
            eps.add(em);
        }
        m.put("endpoints", eps);
        final HealthView.Traffic traffic = health.traffic(s.name());
        if (traffic != null) {
            m.put("requestsPerSecond", traffic.requestsPerSecond());
            m.put("errorRate", traffic.errorRate());
        }
        m.put("healthCheck", Mappers.json().convertValue(s.healthCheck(), Map.class));
        m.put("capacity", s.capacity());
        m.put("loadBalancing", s.loadBalancing().text());
        m.put("slowStart", Durations.format(s.slowStart()));
        if (s.managedBy() != null) {
            m.put("managedBy", s.managedBy());
        }
        return m;
    }

    /** The ShopSet's state: draining when the routing state says so, else what the data plane sees. */
    static String state(ShopSet s, HealthView health) {
        return s.draining() ? HealthView.DRAINING : health.shopSetState(s.name());
    }
}
