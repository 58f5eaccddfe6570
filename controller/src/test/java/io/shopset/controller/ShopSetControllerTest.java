package io.shopset.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.Event;
import io.shopset.controller.crd.Condition;
import io.shopset.controller.crd.ConditionStatus;
import io.shopset.controller.crd.Crds;
import io.shopset.controller.crd.ShopSetResource;
import io.shopset.controller.crd.ShopSetStatus;
import io.shopset.routing.model.Endpoint;
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
 * The controller against fabric8's mock API server in CRUD mode, writing the routing store on a
 * real Redis. The test reads and writes the store through its own replica of it ({@link #store}, as
 * the admin API of a gateway would); the controller has its own.
 */
class ShopSetControllerTest {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private MockCluster cluster;
    private RoutingStore store;

    @BeforeEach
    void setUp() throws Exception {
        redis.flushAll();
        cluster = new MockCluster();
        store = cluster.redisStore(redis.uri());
        cluster.configuration("production");
        cluster.domain("dc-a");
        cluster.domain("dc-b");
        cluster.tier("prod", 30, null);
        cluster.shopSet("prod-a", "prod", "dc-a", "10.0.0.1", "10.0.0.2");
        cluster.shopSet("prod-b", "prod", "dc-b", "10.0.1.1");
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @Test
    void writesShopSetsWithTheirReadyEndpointsIntoTheStore() throws Exception {
        final ShopSetController controller = cluster.start("controller-0", cluster.redisStore(redis.uri()));

        eventually().untilAsserted(() -> {
            final ShopSet a = shopSet("prod-a");
            assertThat(a).isNotNull();
            assertThat(a.endpoints()).containsExactly(Endpoint.parse("10.0.0.1:8080"), Endpoint.parse("10.0.0.2:8080"));
            assertThat(a.failureDomain()).isEqualTo("dc-a");
            assertThat(shopSet("prod-b").endpoints()).containsExactly(Endpoint.parse("10.0.1.1:8080"));
            assertThat(store.current().state().tiers()).extracting(t -> t.name()).containsExactly("prod");
            assertThat(store.current().state().failureDomains()).extracting(d -> d.name()).containsExactly("dc-a", "dc-b");
        });
        assertThat(controller.leading()).isTrue();
        assertThat(store.current().state().shopsets()).as("the admin API leaves them alone")
                                                      .allSatisfy(s -> assertThat(s.managedBy()).isEqualTo("controller"));
        assertThat(store.recentChanges(100)).isNotEmpty()
                                            .allSatisfy(c -> assertThat(c.who()).isEqualTo("controller/controller-0"));
    }

    @Test
    void writesStatusConditionsWithObservedGenerationAndAFinalizer() throws Exception {
        cluster.start("controller-0", cluster.redisStore(redis.uri()));

        eventually().untilAsserted(() -> {
            final ShopSetResource r = cluster.shopSetResource("prod-a");
            assertThat(r.getMetadata().getFinalizers()).contains(Crds.FINALIZER);
            final ShopSetStatus s = r.getStatus();
            assertThat(s).isNotNull();
            assertThat(s.getReadyEndpoints()).isEqualTo(2);
            assertThat(s.getEndpoints()).containsExactly("10.0.0.1:8080", "10.0.0.2:8080");
            assertThat(s.getObservedGeneration()).isEqualTo(r.getMetadata().getGeneration());
            final Condition ready = s.condition(Condition.READY);
            assertThat(ready.getStatus()).isEqualTo(ConditionStatus.True);
            assertThat(ready.getReason()).isEqualTo("Serving");
            assertThat(ready.getObservedGeneration()).isEqualTo(r.getMetadata().getGeneration());
            assertThat(ready.getLastTransitionTime()).isEqualTo("2026-11-22T10:00:00Z");
            assertThat(s.condition(Condition.DRAINING).getStatus()).isEqualTo(ConditionStatus.False);
            assertThat(s.condition(Condition.RELEASE_BLOCKED).getReason()).isEqualTo("NoRelease");
            assertThat(cluster.tierResource("prod").getStatus().condition(Condition.READY).getStatus())
                    .isEqualTo(ConditionStatus.True);
            assertThat(cluster.domainResource("dc-a").getStatus().getShopSetCount()).isEqualTo(1);
        });
        final List<Event> events = cluster.client.v1().events().inNamespace("default").list().getItems();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("ShopSet");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("prod-a");
            assertThat(e.getReason()).isEqualTo("RoutingUpdated");
        });
    }

    @Test
    void followsEndpointSliceChanges() throws Exception {
        cluster.start("controller-0", cluster.redisStore(redis.uri()));
        eventually().until(() -> shopSet("prod-b") != null);

        cluster.slice("prod-b", "10.0.1.1", "10.0.1.2", "10.0.1.3");
        eventually().untilAsserted(() -> assertThat(shopSet("prod-b").endpoints())
                .extracting(Endpoint::toString).containsExactly("10.0.1.1:8080", "10.0.1.2:8080", "10.0.1.3:8080"));

        cluster.slice("prod-b", "10.0.1.3");
        eventually().untilAsserted(() -> {
            assertThat(shopSet("prod-b").endpoints()).extracting(Endpoint::toString).containsExactly("10.0.1.3:8080");
            assertThat(cluster.shopSetResource("prod-b").getStatus().getReadyEndpoints()).isEqualTo(1);
        });
    }

    @Test
    void cordoningAFailureDomainDrainsItsShopSetsAndMovesTheirShops() throws Exception {
        cluster.domain("dc-c");
        cluster.shopSet("prod-c", "prod", "dc-c", "10.0.2.1");
        cluster.start("controller-0", cluster.redisStore(redis.uri()));
        eventually().until(() -> store.current().state().shopsets().size() == 3);
        addShops("alpha", "beta", "gamma", "delta", "epsilon", "zeta");
        final Map<String, List<String>> before = Placements.all(store.current().state());
        assertThat(before.values()).anySatisfy(p -> assertThat(p).contains("prod-a"));

        cluster.cordon("dc-a", true);

        eventually().untilAsserted(() -> {
            final RoutingState st = store.current().state();
            assertThat(shopSet("prod-a").draining()).isTrue();
            assertThat(shopSet("prod-b").draining()).isFalse();
            final Map<String, List<String>> after = Placements.all(st);
            assertThat(after).allSatisfy((shop, placement) -> {
                assertThat(placement).doesNotContain("prod-a").hasSize(2);
                final Set<String> domains = new HashSet<>();
                placement.forEach(n -> assertThat(domains.add(domainOf(st, n))).as("one replica per domain").isTrue());
            });
            final ShopSetStatus s = cluster.shopSetResource("prod-a").getStatus();
            assertThat(s.condition(Condition.DRAINING).getStatus()).isEqualTo(ConditionStatus.True);
            assertThat(s.condition(Condition.DRAINING).getReason()).isEqualTo("Cordoned");
            assertThat(s.getShopCount()).isZero();
            assertThat(cluster.domainResource("dc-a").getStatus().condition(Condition.DRAINING).getStatus())
                    .isEqualTo(ConditionStatus.True);
        });

        cluster.cordon("dc-a", false);
        eventually().untilAsserted(() -> {
            assertThat(shopSet("prod-a").draining()).isFalse();
            assertThat(cluster.shopSetResource("prod-a").getStatus().condition(Condition.DRAINING).getStatus())
                    .isEqualTo(ConditionStatus.False);
        });
    }

    @Test
    void aDeletedShopSetLeavesTheStoreAfterItsShopsAreRehomed() throws Exception {
        cluster.domain("dc-c");
        cluster.shopSet("prod-c", "prod", "dc-c", "10.0.2.1");
        cluster.start("controller-0", cluster.redisStore(redis.uri()));
        eventually().until(
                () -> store.current().state().shopsets().size() == 3 &&
                      Crds.FINALIZER.equals(first(cluster.shopSetResource("prod-a").getMetadata().getFinalizers())));
        addShops("alpha", "beta", "gamma");
        pin("alpha", "prod-a", "prod-b");

        cluster.client.resources(ShopSetResource.class).withName("prod-a").delete();

        eventually().untilAsserted(() -> {
            assertThat(cluster.shopSetResource("prod-a")).isNull();
            final RoutingState st = store.current().state();
            assertThat(st.shopsets()).extracting(ShopSet::name).containsExactlyInAnyOrder("prod-b", "prod-c");
            assertThat(Placements.all(st).get("alpha")).containsExactly("prod-c", "prod-b");
        });
    }

    static org.awaitility.core.ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(15)).ignoreExceptions();
    }

    private void addShops(String... ids) throws Exception {
        adminWrite("shops", st -> {
            final List<Shop> shops = new java.util.ArrayList<>(st.shops());
            for (String id : ids) {
                shops.add(Shop.of(id));
            }
            return shops;
        });
    }

    private void pin(String id, String... shopsets) throws Exception {
        adminWrite(id, st -> st.shops().stream().map(x -> x.id().equals(id)
                ? new Shop(id, x.hosts(), x.configuration(), x.tier(), List.of(shopsets), x.limits(), null) : x).toList());
    }

    /** Writes the shops as the admin API would: compare-and-set, again on a conflict with the controller. */
    private void adminWrite(String target, java.util.function.Function<RoutingState, List<Shop>> shops) throws Exception {
        for (int attempt = 0; ; attempt++) {
            final VersionedState cur = store.current();
            final RoutingState s = cur.state();
            try {
                store.write(cur.version(), new RoutingState(s.platformDomains(), s.replicas(), s.tiers(),
                                                            s.failureDomains(), s.shopsets(), shops.apply(s), s.limits()),
                            new ChangeRecord("admin", "put", target, null, null, java.time.Instant.now(), 0));
                return;
            } catch (StoreConflictException e) {
                if (attempt > 20) {
                    throw e;
                }
            }
        }
    }

    private static String first(List<String> l) {
        return l == null || l.isEmpty() ? null : l.get(0);
    }

    private static String domainOf(RoutingState st, String shopSet) {
        return st.shopsets().stream().filter(s -> s.name().equals(shopSet)).findFirst().orElseThrow().failureDomain();
    }

    private ShopSet shopSet(String name) {
        return store.current().state().shopsets().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }
}
