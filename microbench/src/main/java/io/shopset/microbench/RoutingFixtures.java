package io.shopset.microbench;

import java.util.ArrayList;
import java.util.List;

import io.shopset.routing.model.DefaultLimits;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.FailureDomain;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.model.Tier;

/**
 * A large, valid routing state of the shape issue 8 names: every shop has one custom domain and
 * answers at {@code {id}.{platformDomain}} (two hosts per shop); even shops are placed by the
 * placer, odd shops carry an explicit placement. Twelve ShopSets of four endpoints in three failure
 * domains, two replicas per shop. Deterministic, so every run builds the same table.
 */
final class RoutingFixtures {

    static final String PLATFORM_DOMAIN = "shops.example.net";
    static final String[] DOMAINS = {"dc-a", "dc-b", "dc-c"};
    static final int SETS_PER_DOMAIN = 4;

    private RoutingFixtures() {
    }

    static String shopId(int i) {
        return "shop-" + i;
    }

    /** The shop's custom domain, lower case as the config holds it. */
    static String customHost(int i) {
        return "www.brand-" + i + ".example.com";
    }

    static String shopSetName(int domain, int k) {
        return "prod-" + DOMAINS[domain].substring(3) + k;
    }

    static RoutingState state(int shops) {
        final List<ShopSet> sets = new ArrayList<>();
        for (int d = 0; d < DOMAINS.length; d++) {
            for (int k = 0; k < SETS_PER_DOMAIN; k++) {
                final List<Endpoint> eps = new ArrayList<>();
                for (int e = 0; e < 4; e++) {
                    eps.add(new Endpoint("10." + d + '.' + k + '.' + (e + 1), 8080));
                }
                sets.add(new ShopSet(shopSetName(d, k), "prod", "production", DOMAINS[d], false, eps, null, 1.0,
                                     false));
            }
        }
        final List<Shop> list = new ArrayList<>(shops);
        for (int i = 0; i < shops; i++) {
            final List<String> explicit;
            if ((i & 1) == 0) {
                explicit = null;
            } else {
                // Two replicas in two distinct failure domains.
                final int d1 = i % DOMAINS.length;
                final int d2 = (d1 + 1) % DOMAINS.length;
                explicit = List.of(shopSetName(d1, (i / 3) % SETS_PER_DOMAIN),
                                   shopSetName(d2, (i / 12) % SETS_PER_DOMAIN));
            }
            list.add(new Shop(shopId(i), List.of(customHost(i)), null, null, explicit, null, null));
        }
        final List<FailureDomain> domains = new ArrayList<>();
        for (String d : DOMAINS) {
            domains.add(new FailureDomain(d));
        }
        return new RoutingState(List.of(PLATFORM_DOMAIN), 2, List.of(new Tier("prod", 30)), domains, sets, list,
                                DefaultLimits.DEFAULT);
    }
}
