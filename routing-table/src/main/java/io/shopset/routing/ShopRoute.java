package io.shopset.routing;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.model.Limits;
import io.shopset.routing.model.ShopSet;

/**
 * What the data plane needs to route one shop, resolved once per snapshot.
 *
 * @param id            the shop id (sent upstream as {@code X-Shop-Id})
 * @param configuration the shop's configuration; every candidate has it
 * @param candidates    its ShopSets in preference order: the placement, then, for an isolated
 *                      shop, its remembered placement as fallback
 * @param isolated      whether it is isolated on a dedicated ShopSet
 * @param limits        its effective limits (shop values over {@code limits.shop})
 * @param hash          a stable 64-bit hash of the id, for endpoint picking
 * @param warmup        while the shop warms a dedicated ShopSet before its isolation: that ShopSet
 *                      (the gateway mirrors a sample of its GET requests there), else {@code null}
 */
public record ShopRoute(String id, String configuration, String tier, List<ShopSet> candidates, boolean isolated,
                        Limits limits, long hash, @Nullable ShopSet warmup) {

    /** A route with no warm-up. */
    public ShopRoute(String id, String configuration, String tier, List<ShopSet> candidates, boolean isolated,
                     Limits limits, long hash) {
        this(id, configuration, tier, candidates, isolated, limits, hash, null);
    }
}
