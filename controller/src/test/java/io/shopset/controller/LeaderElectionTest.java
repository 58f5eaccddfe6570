package io.shopset.controller;

import static io.shopset.controller.ShopSetControllerTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.store.ChangeRecord;

/**
 * Two controller replicas on one Lease and one store: exactly one leads and writes; when it steps
 * down, the other takes over.
 */
class LeaderElectionTest {

    private MockCluster cluster;
    private MemoryRoutingStore store;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new MockCluster();
        store = new MemoryRoutingStore(new RoutingState(List.of("shops.test"), 2, List.of(), List.of(), List.of(),
                                                        List.of(), null));
        cluster.configuration("production");
        cluster.domain("dc-a");
        cluster.tier("prod", 30, null);
        cluster.shopSet("prod-a", "prod", "dc-a", "10.0.0.1");
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @Test
    void twoControllers_exactlyOneWrites_andTheOtherTakesOverWhenItStepsDown() {
        final ShopSetController a = cluster.start("controller-a", store);
        final ShopSetController b = cluster.start("controller-b", store);
        eventually().until(() -> endpoints("prod-a") == 1);
        eventually().until(() -> a.leading() != b.leading());
        final ShopSetController leader = a.leading() ? a : b;
        final ShopSetController standby = leader == a ? b : a;
        final String leaderId = leader == a ? "controller/controller-a" : "controller/controller-b";

        cluster.slice("prod-a", "10.0.0.1", "10.0.0.2");
        eventually().until(() -> endpoints("prod-a") == 2);
        assertThat(writers()).containsExactly(leaderId);
        assertThat(standby.leading()).isFalse();
        assertThat(standby.ready()).as("the standby keeps its caches warm").isTrue();

        leader.close();
        eventually().until(standby::leading);
        cluster.slice("prod-a", "10.0.0.1", "10.0.0.2", "10.0.0.3");
        eventually().until(() -> endpoints("prod-a") == 3);
        assertThat(writers()).hasSize(2);
        assertThat(store.changes().get(store.changes().size() - 1).who()).isNotEqualTo(leaderId);
    }

    private Set<String> writers() {
        return store.changes().stream().map(ChangeRecord::who).collect(Collectors.toSet());
    }

    private int endpoints(String name) {
        return store.current().state().shopsets().stream().filter(s -> s.name().equals(name))
                    .map(ShopSet::endpoints).findFirst().map(List::size).orElse(0);
    }
}
