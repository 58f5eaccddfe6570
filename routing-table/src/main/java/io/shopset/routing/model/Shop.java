package io.shopset.routing.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;

import org.jspecify.annotations.Nullable;

/**
 * One tenant storefront.
 *
 * @param id                 unique id, a DNS label; the shop answers at {@code {id}.{platformDomain}}
 * @param hosts              custom domains it owns
 * @param configuration      the configuration of the ShopSets it may use (default {@code production})
 * @param tier               the tier the placer keeps it to; {@code null} means the highest tier
 * @param shopsets           explicit placement in preference order; {@code null} means the placer decides
 * @param limits             per-shop limits; unset fields come from {@code limits.shop}
 * @param rememberedShopsets set while the shop is isolated: the placement it returns to on restore,
 *                           and its fallback while the dedicated ShopSet is unhealthy
 * @param warmup             set while the shop warms a dedicated ShopSet before being isolated on it
 */
public record Shop(String id, List<String> hosts, String configuration, @Nullable String tier,
                   @Nullable List<String> shopsets, @Nullable Limits limits,
                   @Nullable List<String> rememberedShopsets, @Nullable Warmup warmup) {

    @JsonCreator
    public Shop {
        hosts = hosts == null ? List.of()
                : hosts instanceof OneElementList<String> ? hosts
                : compact(List.copyOf(hosts.stream().filter(h -> h != null).toList()));
        // Names and placements that many shops repeat are shared (Canonical), not held per shop.
        configuration = configuration == null ? ShopSet.DEFAULT_CONFIGURATION : Canonical.name(configuration);
        tier = Canonical.name(tier);
        shopsets = shopsets == null ? null : Canonical.names(shopsets);
        rememberedShopsets = rememberedShopsets == null ? null : Canonical.names(rememberedShopsets);
    }

    /**
     * {@code hosts} as the smallest immutable list: most shops have one custom domain, and a
     * {@link OneElementList} is 8 bytes smaller than {@code List.of(h)} (8 MB for a million shops).
     */
    private static List<String> compact(List<String> hosts) {
        return hosts.size() == 1 ? new OneElementList<>(hosts.get(0)) : hosts;
    }

    /** A shop not warming anything. */
    public Shop(String id, List<String> hosts, @Nullable String configuration, @Nullable String tier,
                @Nullable List<String> shopsets, @Nullable Limits limits, @Nullable List<String> rememberedShopsets) {
        this(id, hosts, configuration, tier, shopsets, limits, rememberedShopsets, null);
    }

    public static Shop of(String id) {
        return new Shop(id, List.of(), null, null, null, null, null, null);
    }

    /** This shop with its placement and remembered placement replaced; everything else, warm-up included, kept. */
    public Shop withPlacement(@Nullable List<String> shopsets, @Nullable List<String> rememberedShopsets) {
        return new Shop(id, hosts, configuration, tier, shopsets, limits, rememberedShopsets, warmup);
    }

    /** This shop with its warm-up replaced ({@code null}: none). */
    public Shop withWarmup(@Nullable Warmup warmup) {
        return new Shop(id, hosts, configuration, tier, shopsets, limits, rememberedShopsets, warmup);
    }

    /** Whether the shop is isolated on a dedicated ShopSet (it has a remembered placement). */
    @JsonIgnore
    public boolean isolated() {
        return rememberedShopsets != null;
    }
}
