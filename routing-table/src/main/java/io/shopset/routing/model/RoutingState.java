package io.shopset.routing.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Everything routing depends on, as the stores hold it: the part of the configuration file that
 * {@code store: redis} shares between replicas. Immutable; a change is a new state.
 *
 * <p>{@code shops} is always a {@link ShopList} (any other list is copied into one): it finds a shop
 * by id, and a state edited from another one shares most of it, so one shop's change costs about
 * that shop ({@link ShopList#with}, {@link ShopList#changesTo}).
 *
 * @param platformDomains shop {@code abc} answers at {@code abc.{platformDomain}}
 * @param replicas        ShopSets per placed shop, each in a distinct failure domain
 */
public record RoutingState(List<String> platformDomains, int replicas, List<Tier> tiers,
                           List<FailureDomain> failureDomains, List<ShopSet> shopsets, List<Shop> shops,
                           DefaultLimits limits) {

    public RoutingState {
        platformDomains = copy(platformDomains);
        tiers = copy(tiers);
        failureDomains = copy(failureDomains);
        shopsets = copy(shopsets);
        shops = shops == null ? ShopList.empty() : ShopList.of(shops);
        limits = limits == null ? DefaultLimits.DEFAULT : limits;
    }

    /** {@link #shops()} as the {@link ShopList} it is. */
    @JsonIgnore
    public ShopList shopList() {
        return (ShopList) shops;
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list.stream().filter(e -> e != null).toList());
    }
}
