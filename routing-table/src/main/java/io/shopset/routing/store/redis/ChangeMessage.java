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
import io.shopset.routing.model.ShopChanges;
import io.shopset.routing.model.ShopList;

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

    /**
     * The delta from {@code from} to {@code to}. When {@code to} was edited from {@code from} (an
     * admin change), finding it costs about the change ({@link ShopList#changesTo}).
     */
    static ChangeMessage delta(String epoch, long version, RoutingState from, RoutingState to) {
        final RoutingState fromMeta = meta(from);
        final RoutingState toMeta = meta(to);
        final ShopChanges changes = from.shopList().changesTo(to.shopList(), Integer.MAX_VALUE);
        final Map<String, Shop> upserts = new LinkedHashMap<>();
        for (Shop s : changes.upserts()) {
            upserts.put(s.id(), s);
        }
        final List<String> deletes = new ArrayList<>(changes.deletes());
        return new ChangeMessage(epoch, version, version - 1, upserts.size() + deletes.size() > MAX_DELTA_SHOPS,
                                 toMeta.equals(fromMeta) ? null : toMeta, upserts, deletes);
    }

    /** This change as announced: a {@code full} one carries no payload. */
    ChangeMessage announced() {
        return full ? full(epoch, version) : this;
    }

    /**
     * {@code state} with this delta applied: deletes, then upserts (a shop that was there keeps its
     * place). Costs about the delta: the shops not named are shared with {@code state}.
     */
    RoutingState applyTo(RoutingState state) {
        final RoutingState m = meta != null ? meta : state;
        return withShops(m, state.shopList().withChanges(upserts != null ? upserts.values() : List.of(),
                                                         deletes != null ? deletes : List.of()));
    }

    static RoutingState meta(RoutingState s) {
        return withShops(s, List.of());
    }

    static RoutingState withShops(RoutingState s, List<Shop> shops) {
        return new RoutingState(s.platformDomains(), s.replicas(), s.tiers(), s.failureDomains(), s.shopsets(), shops,
                                s.limits());
    }

}
