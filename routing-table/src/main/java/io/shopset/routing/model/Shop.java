package io.shopset.routing.model;

import java.util.List;

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
 */
public record Shop(String id, List<String> hosts, String configuration, @Nullable String tier,
                   @Nullable List<String> shopsets, @Nullable Limits limits,
                   @Nullable List<String> rememberedShopsets) {

    public Shop {
        hosts = hosts == null ? List.of() : List.copyOf(hosts.stream().filter(h -> h != null).toList());
        configuration = configuration == null ? ShopSet.DEFAULT_CONFIGURATION : configuration;
        shopsets = shopsets == null ? null : List.copyOf(shopsets.stream().filter(s -> s != null).toList());
        rememberedShopsets = rememberedShopsets == null ? null
                : List.copyOf(rememberedShopsets.stream().filter(s -> s != null).toList());
    }

    public static Shop of(String id) {
        return new Shop(id, List.of(), null, null, null, null, null);
    }

    /** Whether the shop is isolated on a dedicated ShopSet (it has a remembered placement). */
    @JsonIgnore
    public boolean isolated() {
        return rememberedShopsets != null;
    }
}
