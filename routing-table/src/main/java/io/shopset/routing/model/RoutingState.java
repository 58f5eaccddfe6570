package io.shopset.routing.model;

import java.util.List;

/**
 * Everything routing depends on, as the stores hold it: the part of the configuration file that
 * {@code store: redis} shares between replicas. Immutable; a change is a new state.
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
        shops = copy(shops);
        limits = limits == null ? DefaultLimits.DEFAULT : limits;
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list.stream().filter(e -> e != null).toList());
    }
}
