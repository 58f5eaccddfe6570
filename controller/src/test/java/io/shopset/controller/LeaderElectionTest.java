package io.shopset.controller;

import static io.shopset.controller.ShopSetControllerTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.shopset.routing.model.ShopSet;
import io.shopset.routing.store.ChangeRecord;
import io.shopset.routing.store.RoutingStore;
import io.shopset.testkit.RedisServer;

/**
 * Two controller replicas on one Lease, each with its own connection to the one routing store (real
 * Redis): exactly one leads and writes; when it steps down, the other takes over.
 */
class LeaderElectionTest {

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
        cluster.tier("prod", 30, null);
        cluster.shopSet("prod-a", "prod", "dc-a", "10.0.0.1");
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @Test
    void twoControllers_exactlyOneWrites_andTheOtherTakesOverWhenItStepsDown() throws Exception {
        final ShopSetController a = cluster.start("controller-a", cluster.redisStore(redis.uri()));
        final ShopSetController b = cluster.start("controller-b", cluster.redisStore(redis.uri()));
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
        assertThat(store.recentChanges(1).get(0).who()).as("the newest write").isNotEqualTo(leaderId);
    }

    private Set<String> writers() {
        return store.recentChanges(1000).stream().map(ChangeRecord::who).collect(Collectors.toSet());
    }

    private int endpoints(String name) {
        return store.current().state().shopsets().stream().filter(s -> s.name().equals(name))
                    .map(ShopSet::endpoints).findFirst().map(List::size).orElse(0);
    }
}
