package io.shopset.routing.place;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;

/**
 * Which shops are under-replicated: those whose placement — or, for an isolated shop, its
 * dedicated ShopSet or remembered placement — still lists a ShopSet that has failed for good
 * (unhealthy longer than the grace period). Right after a re-homing these are exactly the shops no
 * valid ShopSet could take ({@link RehomePlanner.Plan#underReplicated()}). A pure function.
 */
public final class UnderReplication {

    private UnderReplication() {
    }

    /**
     * The under-replicated shops of {@code state}, in state order.
     *
     * @param placements every shop's effective placement (a snapshot's, so the placer does not run
     *                   again); a shop missing from it is placed here
     */
    public static List<String> shops(RoutingState state, Map<String, List<String>> placements, Set<String> failed) {
        if (failed.isEmpty()) {
            return List.of();
        }
        final List<String> out = new ArrayList<>();
        for (Shop shop : state.shops()) {
            List<String> placement = placements.get(shop.id());
            if (placement == null) {
                placement = Placements.of(shop, state);
            }
            if (RehomePlanner.anyIn(placement, failed)
                || (shop.isolated() && RehomePlanner.anyIn(shop.rememberedShopsets(), failed))) {
                out.add(shop.id());
            }
        }
        return out;
    }
}
