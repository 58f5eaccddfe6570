package io.shopset.routing.store.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.config.Mappers;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;

/**
 * The pub/sub announcement of one change: from version {@code prev} to {@code version} of
 * {@code epoch}, either the delta ({@code meta} when the non-shop part changed, shops set and
 * deleted) or {@code full}: "read the whole state" (large changes, seeding).
 */
record ChangeMessage(String epoch, long version, long prev, boolean full, @Nullable RoutingState meta,
                     @Nullable Map<String, Shop> upserts, @Nullable List<String> deletes) {

    /** Deltas with more shops than this are announced as {@code full}. */
    static final int MAX_DELTA_SHOPS = 2000;

    static ChangeMessage full(String epoch, long version) {
        return new ChangeMessage(epoch, version, version - 1, true, null, null, null);
    }

    String toJson() {
        try {
            return Mappers.json().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ChangeMessage parse(String json) throws JsonProcessingException {
        return Mappers.json().readValue(json, ChangeMessage.class);
    }

    /** The delta from {@code from} to {@code to}. */
    static ChangeMessage delta(String epoch, long version, RoutingState from, RoutingState to) {
        final RoutingState fromMeta = meta(from);
        final RoutingState toMeta = meta(to);
        final Map<String, Shop> before = byId(from);
        final Map<String, Shop> upserts = new LinkedHashMap<>();
        for (Shop s : to.shops()) {
            if (!s.equals(before.remove(s.id()))) {
                upserts.put(s.id(), s);
            }
        }
        final List<String> deletes = new ArrayList<>(before.keySet());
        if (upserts.size() + deletes.size() > MAX_DELTA_SHOPS) {
            return new ChangeMessage(epoch, version, version - 1, true, toMeta.equals(fromMeta) ? null : toMeta,
                                     upserts, deletes);
        }
        return new ChangeMessage(epoch, version, version - 1, false, toMeta.equals(fromMeta) ? null : toMeta,
                                 upserts, deletes);
    }

    /** This change as announced: a {@code full} one carries no payload. */
    ChangeMessage announced() {
        return full ? full(epoch, version) : this;
    }

    /** {@code state} with this delta applied. */
    RoutingState applyTo(RoutingState state) {
        final RoutingState m = meta != null ? meta : meta(state);
        final Map<String, Shop> shops = byId(state);
        if (deletes != null) {
            deletes.forEach(shops::remove);
        }
        if (upserts != null) {
            shops.putAll(upserts);
        }
        return withShops(m, new ArrayList<>(shops.values()));
    }

    static RoutingState meta(RoutingState s) {
        return withShops(s, List.of());
    }

    static RoutingState withShops(RoutingState s, List<Shop> shops) {
        return new RoutingState(s.platformDomains(), s.replicas(), s.tiers(), s.failureDomains(), s.shopsets(), shops,
                                s.limits());
    }

    private static Map<String, Shop> byId(RoutingState s) {
        final Map<String, Shop> m = new LinkedHashMap<>(s.shops().size() * 2);
        for (Shop shop : s.shops()) {
            m.put(shop.id(), shop);
        }
        return m;
    }
}
