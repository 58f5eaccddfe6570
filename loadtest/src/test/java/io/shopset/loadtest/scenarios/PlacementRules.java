package io.shopset.loadtest.scenarios;

import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.shopset.loadtest.harness.LocalPlatform.Placement;
import io.shopset.loadtest.scenarios.Storefront.ShopSetRule;

/** {@link ShopSetRule}s that follow the local platform's placement. */
public final class PlacementRules {

    private PlacementRules() {
    }

    /**
     * Every host is served by the first ShopSet of its placement (the gateway keeps a shop on its
     * first ShopSet while that one accepts connections). {@link ShopSetRule#ANY} while
     * {@code placement} gives {@code null} (an external gateway).
     */
    public static ShopSetRule primaryOnly(Supplier<@Nullable Placement> placement) {
        return (host, shopSet) -> {
            final Placement p = placement.get();
            if (p == null) {
                return null;
            }
            final String primary = p.primary(host);
            return primary.equals(shopSet) ? null
                    : host + " answered by " + shopSet + ", expected its first ShopSet " + primary;
        };
    }

    /** A readable list of ShopSets: {@code prod-a1 > prod-b2}. */
    public static String order(List<String> shopSets) {
        return String.join(" > ", shopSets);
    }
}
