package io.shopset.loadtest.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.build.SnapshotBuilder;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.routing.model.LoadBalancing;
import io.shopset.routing.model.ShopSet;
import io.shopset.testkit.StubShopSet;

class ConfigYamlTest {

    private final List<StubShopSet> started = new ArrayList<>();

    @AfterEach
    void stopStubs() {
        started.forEach(StubShopSet::close);
    }

    @Test
    void flashSaleAndIsolationTopologyGivesAValidConfigurationWithTheirShopsAndLimits() throws Exception {
        final Topology topology = Topology.twoDomains(2, 1, 50, LoadBalancing.SHOP_HASH)
                                          .withDedicated("vip-1", "dc-a", 1)
                                          .withShop(new Topology.ShopSpec("shop-a", new Topology.ShopLimits(10, 12, 7)))
                                          .withClientLimits();

        final GatewayConfig config = ConfigLoader.parse(ConfigYaml.render(topology, pods(topology),
                                                                          Path.of("access.log")));

        final RoutingSnapshot snapshot = SnapshotBuilder.build(config.routingState(), 1);
        assertThat(config.routingState().shopsets()).filteredOn(ShopSet::dedicated).extracting(ShopSet::name)
                                                    .containsExactly("vip-1");
        final ShopRoute a = snapshot.resolve("shop-a.shops.test");
        assertThat(a).isNotNull();
        assertThat(a.limits().requestsPerSecond()).isEqualTo(10.0);
        assertThat(a.limits().burst()).isEqualTo(12);
        assertThat(a.limits().maxConcurrent()).isEqualTo(7);
        assertThat(config.routingState().limits().client().requestsPerSecond())
                .as("per-client limits keep their defaults").isEqualTo(20.0);
        for (String host : topology.hosts()) {
            final ShopRoute route = snapshot.resolve(host);
            assertThat(route).as(host).isNotNull();
            assertThat(route.candidates()).as(host + " is never placed on the dedicated ShopSet")
                                          .extracting(ShopSet::name).doesNotContain("vip-1").hasSize(2);
        }
    }

    @Test
    void plainTopologyLiftsTheClientLimits() throws Exception {
        final Topology topology = Topology.twoDomains(1, 1, 3, LoadBalancing.ROUND_ROBIN);

        final GatewayConfig config = ConfigLoader.parse(ConfigYaml.render(topology, pods(topology),
                                                                          Path.of("access.log")));

        assertThat(config.routingState().limits().client().requestsPerSecond()).isEqualTo(1_000_000.0);
        assertThat(config.routingState().limits().clientTotal().requestsPerSecond()).isEqualTo(1_000_000.0);
        assertThat(config.routingState().shops()).hasSize(3);
    }

    private Map<String, List<StubShopSet>> pods(Topology topology) {
        final Map<String, List<StubShopSet>> pods = new LinkedHashMap<>();
        for (Topology.ShopSetSpec s : topology.shopSets()) {
            final List<StubShopSet> list = new ArrayList<>();
            for (int i = 0; i < s.pods(); i++) {
                final StubShopSet pod = StubShopSet.start(s.name(), s.podName(i));
                started.add(pod);
                list.add(pod);
            }
            pods.put(s.name(), list);
        }
        return pods;
    }
}
