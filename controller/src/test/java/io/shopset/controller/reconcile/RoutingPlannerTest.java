package io.shopset.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.shopset.controller.crd.ConfigurationResource;
import io.shopset.controller.crd.FailureDomainResource;
import io.shopset.controller.crd.FailureDomainSpec;
import io.shopset.controller.crd.ServiceRef;
import io.shopset.controller.crd.ShopSetResource;
import io.shopset.controller.crd.ShopSetSpec;
import io.shopset.controller.crd.TierResource;
import io.shopset.controller.crd.TierSpec;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.place.Placements;
import io.shopset.routing.store.StateDiff;

/** {@link RoutingPlanner} as the pure function it is. */
class RoutingPlannerTest {

    @Test
    void planIsIdempotentAndKeepsWhatTheControllerDoesNotOwn() {
        final ShopSet fromFile = new ShopSet("legacy", "prod", "production", "dc-a", false,
                                             List.of(Endpoint.parse("10.1.0.1:80")), null, 1.0, false);
        final RoutingState current = state(List.of(fromFile), List.of(Shop.of("alpha")));
        final Observed obs = observed(List.of(shopSet("prod-b", "prod", "dc-b")), Map.of("prod-b", slice("prod-b", "10.0.1.1")),
                                      false);

        final RoutingPlan first = RoutingPlanner.plan(current, obs);
        assertThat(first.errors()).isEmpty();
        assertThat(first.next().shopsets()).extracting(ShopSet::name).containsExactly("legacy", "prod-b");
        assertThat(first.next().shops()).extracting(Shop::id).containsExactly("alpha");
        assertThat(RoutingPlanner.plan(first.next(), obs).next()).isEqualTo(first.next());
        assertThat(StateDiff.same(RoutingPlanner.plan(first.next(), obs).next(), first.next())).isTrue();
    }

    @Test
    void shopSetWithUnknownTier_isLeftOutWithTheReason() {
        final RoutingPlan plan = RoutingPlanner.plan(state(List.of(), List.of()),
                observed(List.of(shopSet("prod-b", "nope", "dc-b")), Map.of("prod-b", slice("prod-b", "10.0.1.1")), false));
        assertThat(plan.next().shopsets()).isEmpty();
        assertThat(plan.shopSets().get("prod-b").problem().reason()).isEqualTo("UnknownTier");
    }

    @Test
    void cordonThatWouldStrandAShop_isHeldAndReported() {
        final List<ShopSetResource> sets = List.of(shopSet("prod-a", "prod", "dc-a"));
        final Map<String, EndpointSlice> slices = Map.of("prod-a", slice("prod-a", "10.0.0.1"));
        final RoutingState placed = RoutingPlanner.plan(state(List.of(), List.of()), observed(sets, slices, false)).next();
        final RoutingState withShop = new RoutingState(placed.platformDomains(), 2, placed.tiers(), placed.failureDomains(),
                                                       placed.shopsets(), List.of(Shop.of("alpha")), null);

        final RoutingPlan plan = RoutingPlanner.plan(withShop, observed(sets, slices, true));

        assertThat(plan.errors()).isEmpty();
        assertThat(plan.drainBlocked()).containsKey("FailureDomain dc-a");
        assertThat(plan.next().shopsets()).allSatisfy(s -> assertThat(s.draining()).isFalse());
    }

    @Test
    void aThousandShopSets_planQuickly() {
        final List<ShopSetResource> sets = new ArrayList<>();
        final Map<String, EndpointSlice> slices = new java.util.HashMap<>();
        for (int i = 0; i < 1000; i++) {
            final String name = "prod-" + i;
            sets.add(shopSet(name, "prod", i % 2 == 0 ? "dc-a" : "dc-b"));
            slices.put(name, slice(name, "10.0." + (i / 200) + '.' + (i % 200 + 1), "10.1." + (i / 200) + '.' + (i % 200 + 1)));
        }
        final Observed obs = observed(sets, slices, false);
        final RoutingState placed = RoutingPlanner.plan(state(List.of(), List.of()), obs).next();
        final List<Shop> shops = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            shops.add(Shop.of("shop" + i));
        }
        final RoutingState current = new RoutingState(placed.platformDomains(), 2, placed.tiers(), placed.failureDomains(),
                                                      placed.shopsets(), shops, null);
        final Observed cordoned = observed(sets, slices, true);

        long t0 = System.nanoTime();
        final RoutingPlan steady = RoutingPlanner.plan(current, obs);
        final Duration steadyTook = Duration.ofNanos(System.nanoTime() - t0);
        t0 = System.nanoTime();
        final RoutingPlan plan = RoutingPlanner.plan(current, cordoned);
        final Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(StateDiff.same(steady.next(), current)).isTrue();

        assertThat(plan.errors()).isEmpty();
        assertThat(Placements.all(plan.next()).values()).allSatisfy(p -> assertThat(p).hasSize(1));
        assertThat(steadyTook).as("steady-state plan of 1,000 ShopSets and 2,000 shops").isLessThan(Duration.ofSeconds(2));
        assertThat(took).as("plan of 1,000 ShopSets and 2,000 shops with a cordon").isLessThan(Duration.ofSeconds(15));
        System.out.printf("reconcile plan, 1000 ShopSets, 2000 shops: steady %d ms, dc-a cordoned %d ms%n",
                          steadyTook.toMillis(), took.toMillis());
    }

    private static RoutingState state(List<ShopSet> sets, List<Shop> shops) {
        return new RoutingState(List.of("shops.test"), 2, List.of(new io.shopset.routing.model.Tier("prod", 30)),
                                List.of(new io.shopset.routing.model.FailureDomain("dc-a")), sets, shops, null);
    }

    private static Observed observed(List<ShopSetResource> sets, Map<String, EndpointSlice> slices, boolean cordonA) {
        final TierResource tier = new TierResource();
        tier.setMetadata(new ObjectMetaBuilder().withName("prod").build());
        final TierSpec ts = new TierSpec();
        ts.setLevel(30);
        tier.setSpec(ts);
        final List<FailureDomainResource> domains = new ArrayList<>();
        for (String d : List.of("dc-a", "dc-b")) {
            final FailureDomainResource r = new FailureDomainResource();
            r.setMetadata(new ObjectMetaBuilder().withName(d).build());
            final FailureDomainSpec spec = new FailureDomainSpec();
            spec.setCordoned(cordonA && d.equals("dc-a"));
            r.setSpec(spec);
            domains.add(r);
        }
        final ConfigurationResource config = new ConfigurationResource();
        config.setMetadata(new ObjectMetaBuilder().withName("production").build());
        final Map<String, List<EndpointSlice>> byService = new java.util.HashMap<>();
        slices.forEach((k, v) -> byService.put(Observed.serviceKey("shops", k), List.of(v)));
        return new Observed(sets, List.of(tier), List.of(config), domains, byService);
    }

    private static ShopSetResource shopSet(String name, String tier, String domain) {
        final ShopSetResource s = new ShopSetResource();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withCreationTimestamp(Instant.EPOCH.toString()).build());
        final ShopSetSpec spec = new ShopSetSpec();
        spec.setTier(tier);
        spec.setFailureDomain(domain);
        spec.setService(new ServiceRef("shops", name, null));
        s.setSpec(spec);
        return s;
    }

    private static EndpointSlice slice(String service, String... addresses) {
        final EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withName(service + "-x")
                .withNamespace("shops").endMetadata().withAddressType("IPv4").addNewPort().withPort(8080).endPort();
        for (String a : addresses) {
            b.addNewEndpoint().withAddresses(a).endEndpoint();
        }
        return b.build();
    }
}
