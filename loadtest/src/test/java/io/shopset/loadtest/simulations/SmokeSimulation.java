package io.shopset.loadtest.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.shopset.loadtest.feeders.ZipfShopFeeder;
import io.shopset.loadtest.harness.LoadTarget;
import io.shopset.loadtest.harness.LocalPlatform;
import io.shopset.loadtest.harness.PodBehaviour;
import io.shopset.loadtest.harness.Settings;
import io.shopset.loadtest.harness.Topology;
import io.shopset.loadtest.harness.TrafficRecorder;
import io.shopset.loadtest.scenarios.PlacementRules;
import io.shopset.loadtest.scenarios.Storefront;
import io.shopset.routing.model.LoadBalancing;

/**
 * A few seconds of the baseline's traffic (50 visitors/s for 5 s over 100 shops), run by
 * {@code mvn verify} so that CI exercises the whole Gatling path: in-process platform, feeder,
 * checks, assertions and the HTML report. Asserts no failure and every page from its first ShopSet.
 */
public final class SmokeSimulation extends Simulation {

    static final String NAME = "smoke";

    private final int shops = 100;
    private final int rate = Settings.integer("loadtest.smoke.rate", 50);
    private final Duration duration = Settings.duration("loadtest.smoke.duration", Duration.ofSeconds(5));
    private final Topology topology = Topology.twoDomains(2, 2, shops, LoadBalancing.SHOP_HASH);
    private final LoadTarget target = LoadTarget.forSimulation(NAME);
    private final TrafficRecorder recorder = new TrafficRecorder();
    private volatile LocalPlatform.@Nullable Placement placement;

    private final ScenarioBuilder visitors =
            scenario("smoke visitors")
                    .feed(ZipfShopFeeder.of(shops, 1.0))
                    .exec(Storefront.page(s -> "storefront page", s -> "all",
                                          PlacementRules.primaryOnly(() -> placement), recorder));

    {
        setUp(visitors.injectOpen(constantUsersPerSec(rate).during(duration)))
                .protocols(Storefront.protocol(target))
                .assertions(global().failedRequests().count().is(0L),
                            global().successfulRequests().count().gt(0L));
    }

    @Override
    public void before() {
        target.start(topology, PodBehaviour.fromSettings());
        if (target.isLocal()) {
            placement = target.platform().placement();
        }
        recorder.start();
    }

    @Override
    public void after() {
        try {
            System.out.printf("[%s] %d ok, %d failed; p50 %d ms, p99 %d ms%n", NAME, recorder.ok(), recorder.failed(),
                              recorder.all().percentile(50), recorder.all().percentile(99));
        } finally {
            target.close();
        }
    }
}
