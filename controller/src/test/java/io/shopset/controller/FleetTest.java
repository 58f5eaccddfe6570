package io.shopset.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.shopset.controller.crd.Condition;
import io.shopset.controller.crd.ConditionStatus;
import io.shopset.controller.crd.ConfigurationResource;
import io.shopset.controller.crd.FailureDomainResource;
import io.shopset.controller.crd.ShopSetResource;
import io.shopset.controller.crd.TierResource;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.place.Placements;
import io.shopset.routing.store.ChangeRecord;
import io.shopset.routing.store.RoutingStore;
import io.shopset.routing.store.StoreConflictException;
import io.shopset.routing.store.VersionedState;
import io.shopset.testkit.RedisServer;

/**
 * A fleet of 1,000 ShopSets (4 failure domains, 3 tiers, 2 ready pods each) created on the mock
 * API server while a controller leads, written to the routing store on real Redis; then 5,000
 * shops placed on them and a failure domain cordoned. Prints how long it took until the store held
 * all ShopSets with their endpoints and until every status said Ready, the steady-state reconcile
 * pass, the cordon's moves, and {@code kubectl get} of the four kinds. The times are those of
 * this machine with Netty's paranoid leak detection on (the mock server runs on Vert.x/Netty).
 *
 * <p>It takes minutes on a small machine, so it runs on request only:
 * {@code mvn -pl controller -am test -Dtest=FleetTest -Dsurefire.failIfNoSpecifiedTests=false -Dshopset.fleet=true}.
 */
@EnabledIfSystemProperty(named = "shopset.fleet", matches = "true",
                         disabledReason = "minutes on a small machine: run with -Dshopset.fleet=true")
class FleetTest {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    static final int SHOPSETS = 1000;
    static final String[] DOMAINS = {"dc-a", "dc-b", "dc-c", "dc-d"};
    static final String[] TIERS = {"dev", "beta", "prod"};
    static final int SHOPS = 5000;

    private MockCluster cluster;

    @BeforeEach
    void setUp() throws Exception {
        redis.flushAll();
        cluster = new MockCluster();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @Test
    void reconcilesAThousandShopSetFleet() throws Exception {
        cluster.configuration("production");
        for (String d : DOMAINS) {
            cluster.domain(d);
        }
        cluster.tier("dev", 0, null);
        cluster.tier("beta", 10, null);
        cluster.tier("prod", 30, null);
        final RoutingStore store = cluster.redisStore(redis.uri());
        final ShopSetController controller = cluster.start("controller-0", cluster.redisStore(redis.uri()));
        await().atMost(Duration.ofSeconds(30)).until(() -> controller.leading() && controller.ready() &&
                                                          store.current().state().failureDomains().size() == 4);

        final long t0 = System.nanoTime();
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        final List<Future<?>> created = new ArrayList<>();
        for (int i = 0; i < SHOPSETS; i++) {
            final int n = i;
            created.add(pool.submit(() -> cluster.shopSet(name(n), TIERS[n % 3], DOMAINS[n % 4],
                                                          "10.%d.%d.1".formatted(n / 250, n % 250),
                                                          "10.%d.%d.2".formatted(n / 250, n % 250))));
        }
        for (Future<?> f : created) {
            f.get();
        }
        pool.shutdown();
        final long tCreated = System.nanoTime();

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            final List<ShopSet> sets = store.current().state().shopsets();
            return sets.size() == SHOPSETS && sets.stream().allMatch(s -> s.endpoints().size() == 2);
        });
        final long tStore = System.nanoTime();

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250)).until(() -> {
            final List<ShopSetResource> all = cluster.client.resources(ShopSetResource.class).list().getItems();
            return all.size() == SHOPSETS && all.stream().allMatch(r -> r.getStatus() != null &&
                    r.getStatus().condition(Condition.READY) != null &&
                    r.getStatus().condition(Condition.READY).getStatus() == ConditionStatus.True);
        });
        final long tStatus = System.nanoTime();

        // A steady pass: once the controller is idle (no pass for a second), one pass on request;
        // nothing changed, nothing is written.
        final java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong(-1);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
               .until(() -> seen.getAndSet(controller.passes()) == controller.passes());
        final long version = store.current().version();
        final long passes = controller.passes();
        controller.trigger();
        await().atMost(Duration.ofSeconds(30)).until(() -> controller.passes() > passes);
        final Duration steady = controller.lastPass();
        assertThat(store.current().version()).as("an unchanged fleet writes nothing").isEqualTo(version);
        assertThat(store.current().state().shopsets()).allSatisfy(s -> assertThat(s.managedByController()).isTrue());

        // 5,000 shops, placed by the placer on 2 prod ShopSets each, written as the admin API would.
        final List<Shop> shops = new ArrayList<>();
        for (int i = 0; i < SHOPS; i++) {
            shops.add(Shop.of("shop-%05d".formatted(i)));
        }
        final long tShops0 = System.nanoTime();
        write(store, shops);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250)).until(
                () -> shopCounts() == 2L * SHOPS);
        final long tShops = System.nanoTime();

        // Cordon dc-a: its 250 ShopSets drain, their shops move to other domains.
        final long onDcA = Placements.all(store.current().state()).values().stream()
                                     .mapToLong(p -> p.stream().filter(n -> domainOf(n).equals("dc-a")).count()).sum();
        final long tCordon0 = System.nanoTime();
        cluster.cordon("dc-a", true);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            final RoutingState st = store.current().state();
            assertThat(st.shopsets()).filteredOn(x -> x.failureDomain().equals("dc-a")).allMatch(ShopSet::draining);
            assertThat(Placements.all(st)).allSatisfy((shop, placement) -> {
                assertThat(placement).hasSize(2).noneMatch(n -> domainOf(n).equals("dc-a"));
                assertThat(placement.stream().map(FleetTest::domainOf).distinct()).hasSize(2);
            });
        });
        final long tCordon = System.nanoTime();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250)).until(() -> {
            final FailureDomainResource d = cluster.domainResource("dc-a");
            return d.getStatus() != null && d.getStatus().getShopCount() == 0 &&
                   d.getStatus().condition(Condition.DRAINING).getStatus() == ConditionStatus.True;
        });
        final long tCordonStatus = System.nanoTime();

        System.out.printf(Locale.ROOT, "fleet: %d ShopSets and %d EndpointSlices created in %.1f s (4 client threads)%n",
                          SHOPSETS, SHOPSETS, (tCreated - t0) / 1e9);
        System.out.printf(Locale.ROOT, "fleet: routing store (Redis) held all %d with their endpoints %.1f s after the " +
                                       "first create (%.1f s after the last), in %d store writes%n",
                          SHOPSETS, (tStore - t0) / 1e9, (tStore - tCreated) / 1e9, version - 1);
        System.out.printf(Locale.ROOT, "fleet: every status Ready %.1f s after the first create%n", (tStatus - t0) / 1e9);
        System.out.printf(Locale.ROOT, "fleet: steady-state reconcile pass over %d ShopSets: %d ms%n", SHOPSETS,
                          steady.toMillis());
        System.out.printf(Locale.ROOT, "fleet: %d shops (2 replicas each) added; every ShopSet's shop count in its " +
                                       "status %.1f s later%n", SHOPS, (tShops - tShops0) / 1e9);
        System.out.printf(Locale.ROOT, "fleet: cordon of dc-a (250 ShopSets): %d shop replicas moved to other domains " +
                                       "in the store %.1f s after the cordon; FailureDomain status Draining %.1f s after%n",
                          onDcA, (tCordon - tCordon0) / 1e9, (tCordonStatus - tCordon0) / 1e9);

        final Instant now = Instant.now();
        final String sets = KubectlTable.get("shopsets", "shopsets.shopset.io-v1.yml",
                                             cluster.client.resources(ShopSetResource.class).list().getItems(), now, false);
        final String[] lines = sets.split("\n");
        System.out.println(String.join("\n", List.of(lines).subList(0, 7)) + "\n... (" + (lines.length - 7) + " more)\n");
        System.out.println(KubectlTable.get("tiers", "tiers.shopset.io-v1.yml",
                                            cluster.client.resources(TierResource.class).list().getItems(), now, false));
        System.out.println(KubectlTable.get("failuredomains", "failuredomains.shopset.io-v1.yml",
                                            cluster.client.resources(FailureDomainResource.class).list().getItems(), now,
                                            false));
        System.out.println(KubectlTable.get("configurations", "configurations.shopset.io-v1.yml",
                                            cluster.client.resources(ConfigurationResource.class).list().getItems(), now,
                                            false));
    }

    static String name(int i) {
        return "ss-%04d".formatted(i);
    }

    /** ss-NNNN runs in DOMAINS[NNNN % 4]. */
    static String domainOf(String shopSet) {
        return DOMAINS[Integer.parseInt(shopSet.substring(3)) % 4];
    }

    private long shopCounts() {
        return cluster.client.resources(ShopSetResource.class).list().getItems().stream()
                             .mapToLong(r -> r.getStatus() == null || r.getStatus().getShopCount() == null ? 0
                                     : r.getStatus().getShopCount()).sum();
    }

    /** Adds {@code shops} as the admin API would: compare-and-set, again when the controller wrote first. */
    private static void write(RoutingStore store, List<Shop> shops) throws Exception {
        for (int attempt = 0; ; attempt++) {
            final VersionedState cur = store.current();
            final RoutingState s = cur.state();
            final List<Shop> all = new ArrayList<>(s.shops());
            all.addAll(shops);
            try {
                store.write(cur.version(), new RoutingState(s.platformDomains(), s.replicas(), s.tiers(),
                                                            s.failureDomains(), s.shopsets(), all, s.limits()),
                            new ChangeRecord("admin", "import", "shops", null, null, Instant.now(), 0));
                return;
            } catch (StoreConflictException e) {
                if (attempt > 20) {
                    throw e;
                }
            }
        }
    }
}
