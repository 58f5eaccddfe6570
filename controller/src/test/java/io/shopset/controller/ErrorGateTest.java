package io.shopset.controller;

import static io.shopset.controller.ShopSetControllerTest.eventually;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shopset.controller.crd.Condition;
import io.shopset.controller.crd.ConditionStatus;
import io.shopset.controller.crd.ShopSetResource;
import io.shopset.controller.crd.TierResource;
import io.shopset.controller.crd.TierStatus;
import io.shopset.gateway.Gateway;
import io.shopset.gateway.metrics.GatewayMetrics;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.testkit.RedisServer;
import io.shopset.testkit.StubShopSet;

/**
 * The release's second gate against a real gateway: a stub ShopSet of tier beta behind a real
 * gateway answers some requests with 500; the gateway counts them in its Prometheus registry, which
 * a small HTTP server serves as the gateway's admin listener would ({@code /metrics}); the
 * controller scrapes it. While beta's 5xx ratio over its bake time is over 1%, prod is held with the
 * ratio in its status; once the errors are out of the window, prod gets the release. Scrapes run when
 * the test says (the periodic scrape is an hour apart) and are stamped with the test's clock.
 */
class ErrorGateTest {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private static final String OLD = "registry.example.com/shop:1.9";
    private static final String NEW = "registry.example.com/shop:2.0";

    private MockCluster cluster;
    private StubShopSet stub;
    private Gateway gateway;
    private HttpServer metricsServer;

    @BeforeEach
    void setUp() throws Exception {
        redis.flushAll();
        cluster = new MockCluster();
        cluster.configuration("production");
        cluster.domain("dc-a");
        cluster.domain("dc-b");
        cluster.tier("beta", 10, null);
        cluster.tier("prod", 30, null);
        cluster.shopSet("beta-a", "beta", "dc-a", "10.0.1.1");
        cluster.shopSet("prod-a", "prod", "dc-a", "10.0.2.1");
        cluster.deployment("beta-a", OLD, 1);
        cluster.deployment("prod-a", OLD, 1);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
        if (metricsServer != null) {
            metricsServer.stop(0);
        }
        if (gateway != null) {
            gateway.stop(Duration.ofSeconds(1));
        }
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void aLowerTierWhose5xxRatioIsOverTheThresholdHoldsTheRelease_untilTheErrorsLeaveTheWindow() throws Exception {
        final URI metrics = startGateway();
        final ShopSetController controller = start(List.of(metrics));
        bakeBeta(controller);

        // Two minutes into beta's bake time: 190 answers 200, 10 answer 500 (5%).
        cluster.clock.advance(Duration.ofMinutes(2));
        for (int i = 0; i < 200; i++) {
            assertThat(get(i % 20 == 19 ? "/status/500" : "/")).isEqualTo(i % 20 == 19 ? 500 : 200);
        }
        controller.scrapeGateways();

        // Past the bake time: beta runs 2.0 Ready for 11 minutes, but its 5xx ratio holds prod.
        cluster.clock.advance(Duration.ofMinutes(9));
        controller.scrapeGateways();
        controller.trigger();
        eventually().untilAsserted(() -> {
            final TierStatus prod = cluster.tierResource("prod").getStatus();
            final Condition held = prod.condition(Condition.RELEASE_BLOCKED);
            assertThat(held.getStatus()).isEqualTo(ConditionStatus.True);
            assertThat(held.getReason()).isEqualTo("LowerTierErrors");
            assertThat(held.getMessage()).isEqualTo("tier beta's 5xx ratio seen by the gateways during the bake time " +
                                                    "is 5.00% (10 of 200 requests from 1 gateway), over the 1.00% threshold");
            assertThat(prod.getBlockedBy()).isEqualTo("beta");
            assertThat(cluster.shopSetResource("prod-a").getStatus().condition(Condition.RELEASE_BLOCKED).getReason())
                    .isEqualTo("LowerTierErrors");
        });
        System.out.println(KubectlTable.get("tiers", "tiers.shopset.io-v1.yml",
                                            cluster.client.resources(TierResource.class).list().getItems(),
                                            java.time.Instant.now(), true));
        System.out.println("prod: " + cluster.tierResource("prod").getStatus().condition(Condition.RELEASE_BLOCKED));
        assertThat(cluster.image("prod-a")).isEqualTo(OLD);

        // Two minutes later, 400 clean answers: the errors are older than the window (the last bake time).
        cluster.clock.advance(Duration.ofMinutes(2));
        for (int i = 0; i < 400; i++) {
            assertThat(get("/")).isEqualTo(200);
        }
        controller.scrapeGateways();
        controller.trigger();
        eventually().untilAsserted(() -> {
            assertThat(cluster.image("prod-a")).isEqualTo(NEW);
            assertThat(cluster.tierResource("prod").getStatus().condition(Condition.RELEASE_BLOCKED).getStatus())
                    .isEqualTo(ConditionStatus.False);
        });
        assertThat(controller.scraper().failures()).isZero();
    }

    @Test
    void withoutGatewayCountsTheGateHoldsTheReleaseAndSaysSo() throws Exception {
        final ShopSetController controller = start(List.of(URI.create("http://127.0.0.1:" + closedPort() + "/metrics")));
        bakeBeta(controller);
        cluster.clock.advance(Duration.ofMinutes(11));
        controller.scrapeGateways();
        controller.trigger();

        eventually().untilAsserted(() -> {
            final Condition held = cluster.tierResource("prod").getStatus().condition(Condition.RELEASE_BLOCKED);
            assertThat(held.getReason()).isEqualTo("NoGatewayMetrics");
            assertThat(held.getMessage()).startsWith("the 5xx gate has no gateway counts for tier beta since ");
        });
        assertThat(controller.scraper().failures()).isGreaterThanOrEqualTo(2);
        assertThat(cluster.image("prod-a")).isEqualTo(OLD);
    }

    /** Gives beta release 2.0, rolls it out and sets prod's release: prod waits for beta's bake time. */
    private void bakeBeta(ShopSetController controller) throws InterruptedException {
        eventually().until(() -> cluster.shopSetResource("beta-a").getStatus() != null);
        cluster.setRelease("beta", "2.0");
        eventually().until(() -> NEW.equals(cluster.image("beta-a")));
        cluster.rollOut("beta-a", 1, 1);
        eventually().until(() -> "2.0".equals(cluster.shopSetResource("beta-a").getStatus().getCurrentRelease()));
        controller.scrapeGateways(); // the counts when beta's bake time starts
        cluster.setRelease("prod", "2.0");
        eventually().untilAsserted(() -> assertThat(cluster.tierResource("prod").getStatus()
                .condition(Condition.RELEASE_BLOCKED).getMessage()).contains("beta-a (baking"));
        assertThat(cluster.client.resources(ShopSetResource.class).withName("prod-a").get().getStatus()
                                 .getTargetRelease()).isNull();
    }

    private ShopSetController start(List<URI> metrics) throws Exception {
        return cluster.start(cluster.redisStore(redis.uri()),
                             cluster.settings("controller-0").errorGate(true, 0.01).gatewayMetrics(metrics)
                                    .scrape(Duration.ofHours(1), Duration.ofSeconds(2)).build());
    }

    /** A real gateway in front of a stub ShopSet of tier beta; returns the URL of its /metrics. */
    private URI startGateway() throws Exception {
        stub = StubShopSet.start("beta-a", "b1");
        final GatewayConfig config = ConfigLoader.parse("""
                accessLog: {enabled: false}
                limits:
                  shop: {requestsPerSecond: 1000000, burst: 1000000, maxConcurrent: 100000}
                  client: {requestsPerSecond: 1000000, burst: 1000000}
                  clientTotal: {requestsPerSecond: 1000000, burst: 1000000}
                platformDomains: [shops.test]
                replicas: 1
                tiers: [{name: beta, level: 10}, {name: prod, level: 30}]
                failureDomains: [{name: dc-a}]
                shopsets:
                  - {name: beta-a, tier: beta, failureDomain: dc-a, endpoints: [%s]}
                shops:
                  - {id: b, tier: beta, shopsets: [beta-a]}
                """.formatted(stub.endpoint()));
        final RoutingTable table = new RoutingTable();
        table.update(config.routingState());
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        gateway = Gateway.start(config, table, new GatewayMetrics(registry), new InetSocketAddress("127.0.0.1", 0));
        metricsServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        metricsServer.createContext("/metrics", ex -> {
            final byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        metricsServer.start();
        return URI.create("http://127.0.0.1:" + metricsServer.getAddress().getPort() + "/metrics");
    }

    /** One GET for shop b through the gateway, on its own connection; the status. */
    private int get(String path) throws IOException {
        final InetSocketAddress gw = gateway.localAddress();
        try (Socket s = new Socket(gw.getAddress(), gw.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: b.shops.test\r\nConnection: close\r\n\r\n")
                                              .getBytes(US_ASCII));
            final String response = new String(s.getInputStream().readAllBytes(), US_ASCII);
            return Integer.parseInt(response.substring(9, 12));
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
