package io.shopset.routing;

import java.util.ArrayList;
import java.util.List;

import io.shopset.routing.model.DefaultLimits;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.FailureDomain;
import io.shopset.routing.model.HealthCheck;
import io.shopset.routing.model.Limits;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.model.Tier;

/** Small builders for routing states in tests. */
public final class Fixtures {

    private static int port = 9000;

    private Fixtures() {
    }

    /** An ordinary production ShopSet of tier {@code prod} with capacity 1. */
    public static ShopSet shopSet(String name, String domain) {
        return shopSet(name, domain, 1.0);
    }

    public static ShopSet shopSet(String name, String domain, double capacity) {
        return new ShopSet(name, "prod", "production", domain, false, endpoints(), HealthCheck.DEFAULT, capacity,
                           false);
    }

    public static ShopSet shopSet(String name, String tier, String configuration, String domain) {
        return new ShopSet(name, tier, configuration, domain, false, endpoints(), HealthCheck.DEFAULT, 1.0, false);
    }

    public static ShopSet dedicated(String name, String domain) {
        return new ShopSet(name, "prod", "production", domain, true, endpoints(), HealthCheck.DEFAULT, 1.0, false);
    }

    private static synchronized List<Endpoint> endpoints() {
        return List.of(new Endpoint("127.0.0.1", port++));
    }

    public static Shop shop(String id, String... hosts) {
        return new Shop(id, List.of(hosts), null, null, null, null, null);
    }

    public static Shop placedShop(String id, List<String> shopsets) {
        return new Shop(id, List.of(), null, null, shopsets, null, null);
    }

    public static Shop isolatedShop(String id, String dedicated, List<String> remembered) {
        return new Shop(id, List.of(), null, null, List.of(dedicated), null, remembered);
    }

    public static Shop shopWithLimits(String id, Limits limits) {
        return new Shop(id, List.of(), null, null, null, limits, null);
    }

    public static State state() {
        return new State();
    }

    /** A mutable builder of a {@link RoutingState}: tiers dev(0) and prod(30), domains as used. */
    public static final class State {
        private List<String> platformDomains = List.of("shops.test");
        private int replicas = 2;
        private final List<Tier> tiers = new ArrayList<>(List.of(new Tier("dev", 0), new Tier("prod", 30)));
        private final List<FailureDomain> domains = new ArrayList<>();
        private final List<ShopSet> shopsets = new ArrayList<>();
        private final List<Shop> shops = new ArrayList<>();
        private DefaultLimits limits = DefaultLimits.DEFAULT;

        public State platformDomains(String... domains) {
            platformDomains = List.of(domains);
            return this;
        }

        public State replicas(int n) {
            replicas = n;
            return this;
        }

        public State domains(String... names) {
            for (String n : names) {
                domains.add(new FailureDomain(n));
            }
            return this;
        }

        public State shopsets(ShopSet... sets) {
            shopsets.addAll(List.of(sets));
            return this;
        }

        public State shopsets(List<ShopSet> sets) {
            shopsets.addAll(sets);
            return this;
        }

        public State shops(Shop... s) {
            shops.addAll(List.of(s));
            return this;
        }

        public State shops(List<Shop> s) {
            shops.addAll(s);
            return this;
        }

        public State limits(DefaultLimits l) {
            limits = l;
            return this;
        }

        public RoutingState build() {
            final List<FailureDomain> ds = new ArrayList<>(domains);
            for (ShopSet s : shopsets) {
                if (ds.stream().noneMatch(d -> d.name().equals(s.failureDomain()))) {
                    ds.add(new FailureDomain(s.failureDomain()));
                }
            }
            return new RoutingState(platformDomains, replicas, tiers, ds, shopsets, shops, limits);
        }
    }
}
