package io.shopset.controller;

import static io.shopset.controller.ShopSetControllerTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.shopset.controller.crd.Crds;
import io.shopset.controller.crd.ShopSetResource;
import io.shopset.controller.kube.Finalizers;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.store.ChangeRecord;
import io.shopset.routing.store.VersionedState;

/**
 * Writes that lose a race are redone from the fresh state, and nothing of the other writer's change
 * is lost: a finalizer update on a stale resourceVersion (409), a store write after the admin API
 * wrote first (compare-and-set).
 */
class ConflictTest {

    private MockCluster cluster;
    private MemoryRoutingStore store;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new MockCluster();
        store = new MemoryRoutingStore(new RoutingState(List.of("shops.test"), 2, List.of(), List.of(), List.of(),
                                                        List.of(), null));
        cluster.configuration("production");
        cluster.domain("dc-a");
        cluster.domain("dc-b");
        cluster.tier("prod", 30, null);
        cluster.shopSet("prod-a", "prod", "dc-a", "10.0.0.1");
        cluster.shopSet("prod-b", "prod", "dc-b", "10.0.1.1");
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @Test
    void finalizerUpdateOnAStaleResourceVersion_isRetriedOnTheFreshResource() {
        final ShopSetResource stale = cluster.shopSetResource("prod-a");
        cluster.client.resources(ShopSetResource.class).withName("prod-a").edit(r -> {
            r.getSpec().setCapacity(2.0);
            return r;
        });
        assertThat(cluster.shopSetResource("prod-a").getMetadata().getResourceVersion())
                .isNotEqualTo(stale.getMetadata().getResourceVersion());

        new Finalizers(cluster.client).add(ShopSetResource.class, stale);

        final ShopSetResource now = cluster.shopSetResource("prod-a");
        assertThat(now.getMetadata().getFinalizers()).containsExactly(Crds.FINALIZER);
        assertThat(now.getSpec().getCapacity()).as("the other writer's change is kept").isEqualTo(2.0);
    }

    @Test
    void storeWriteAfterAnotherWriterCameFirst_isReplannedAndKeepsTheOtherChange() throws Exception {
        cluster.start("controller-0", store);
        eventually().until(() -> endpoints("prod-b") == 1);
        final int before = store.changes().size();

        // The admin API adds a shop just before the controller's next write.
        store.beforeNextWrite(() -> {
            try {
                final VersionedState cur = store.current();
                final RoutingState s = cur.state();
                final List<Shop> shops = new ArrayList<>(s.shops());
                shops.add(Shop.of("late"));
                store.write(cur.version(), new RoutingState(s.platformDomains(), s.replicas(), s.tiers(),
                                                            s.failureDomains(), s.shopsets(), shops, s.limits()),
                            new ChangeRecord("admin", "put", "late", null, null, Instant.now(), 0));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        cluster.slice("prod-b", "10.0.1.1", "10.0.1.2");

        eventually().untilAsserted(() -> {
            assertThat(endpoints("prod-b")).isEqualTo(2);
            assertThat(store.current().state().shops()).extracting(Shop::id).containsExactly("late");
        });
        assertThat(store.changes().subList(before, store.changes().size())).extracting(ChangeRecord::who)
                .containsExactly("admin", "controller/controller-0");
    }

    private int endpoints(String name) {
        return store.current().state().shopsets().stream().filter(s -> s.name().equals(name))
                    .map(ShopSet::endpoints).findFirst().map(List::size).orElse(0);
    }
}
