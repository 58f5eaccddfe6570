package io.shopset.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopset.gateway.metrics.GatewayMetrics;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.testkit.StubShopSet;

/**
 * A gateway on an ephemeral port in front of real stub ShopSets, for integration tests:
 * prod-a (dc-a, pods a1 and a2), prod-b (dc-b, pod b1), vip-1 (dc-a, dedicated, pod v1).
 * Shops: alpha (www.alpha.example, [prod-a, prod-b]), beta ([prod-b, prod-a]), vip ([vip-1]).
 */
final class GatewayHarness implements AutoCloseable {

    final StubShopSet a1 = StubShopSet.start("prod-a", "a1");
    final StubShopSet a2 = StubShopSet.start("prod-a", "a2");
    final StubShopSet b1 = StubShopSet.start("prod-b", "b1");
    final StubShopSet v1 = StubShopSet.start("vip-1", "v1");
    final RoutingTable table = new RoutingTable();
    final io.micrometer.core.instrument.MeterRegistry registry;
    final GatewayConfig config;
    final Gateway gateway;

    GatewayHarness() throws Exception {
        this("");
    }

    /** With {@code extra} YAML appended at top level (e.g. a {@code timeouts:} section). */
    GatewayHarness(String extra) throws Exception {
        this(extra, Ticker.SYSTEM);
    }

    /** As {@link #GatewayHarness(String)}, on {@code ticker}'s time. */
    GatewayHarness(String extra, Ticker ticker) throws Exception {
        this(extra, ticker, new SimpleMeterRegistry());
    }

    /** As {@link #GatewayHarness(String, Ticker)}, with meters in {@code registry}. */
    GatewayHarness(String extra, Ticker ticker, io.micrometer.core.instrument.MeterRegistry registry) throws Exception {
        this.registry = registry;
        config = ConfigLoader.parse(yaml(extra));
        table.update(config.routingState());
        gateway = Gateway.start(config, table, new GatewayMetrics(registry), new InetSocketAddress("127.0.0.1", 0),
                                ticker);
    }

    String yaml(String extra) {
        return yaml(extra, a1.endpoint() + ", " + a2.endpoint(), b1.endpoint());
    }

    /** Limits far above what the tests send, unless a test brings its own {@code limits:}. */
    static final String GENEROUS_LIMITS = """
            limits:
              shop: {requestsPerSecond: 1000000, burst: 1000000, maxConcurrent: 100000}
              client: {requestsPerSecond: 1000000, burst: 1000000}
              clientTotal: {requestsPerSecond: 1000000, burst: 1000000}
            """;

    String yaml(String extra, String prodAEndpoints, String prodBEndpoints) {
        if (!extra.contains("limits:")) {
            extra = GENEROUS_LIMITS + extra;
        }
        if (!extra.contains("accessLog:")) {
            extra = "accessLog: {enabled: false}\n" + extra;
        }
        return """
                %s
                platformDomains: [shops.test]
                replicas: 2
                tiers: [{name: prod, level: 30}]
                failureDomains: [{name: dc-a}, {name: dc-b}]
                shopsets:
                  - {name: prod-a, tier: prod, failureDomain: dc-a, endpoints: [%s]}
                  - {name: prod-b, tier: prod, failureDomain: dc-b, endpoints: [%s]}
                  - {name: vip-1, tier: prod, failureDomain: dc-a, dedicated: true, endpoints: [%s]}
                shops:
                  - {id: alpha, hosts: [www.alpha.example], shopsets: [prod-a, prod-b]}
                  - {id: beta, shopsets: [prod-b, prod-a]}
                  - {id: vip, shopsets: [vip-1]}
                """.formatted(extra, prodAEndpoints, prodBEndpoints, v1.endpoint());
    }

    /** Replaces the routing state with the one {@code yaml} describes. */
    void reload(String yaml) throws ConfigException {
        table.update(ConfigLoader.parse(yaml).routingState());
    }

    InetSocketAddress address() {
        return gateway.localAddress();
    }

    RawHttp connect() throws IOException {
        return new RawHttp(address());
    }

    /** One GET on a new connection. */
    RawHttp.Response get(String host, String path) throws IOException {
        try (RawHttp c = connect()) {
            return c.send(RawHttp.get(host, path)).read();
        }
    }

    double counter(String name, String... tags) {
        final var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    /** A loopback port nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    List<StubShopSet> stubs() {
        return List.of(a1, a2, b1, v1);
    }

    @Override
    public void close() {
        gateway.stop(Duration.ofSeconds(1));
        for (StubShopSet s : new ArrayList<>(stubs())) {
            s.close();
        }
    }
}
