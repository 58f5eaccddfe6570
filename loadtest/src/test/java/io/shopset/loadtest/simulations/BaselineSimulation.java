package io.shopset.loadtest.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.shopset.loadtest.feeders.ZipfShopFeeder;
import io.shopset.loadtest.harness.LatencyHistogram;
import io.shopset.loadtest.harness.LoadTarget;
import io.shopset.loadtest.harness.LocalPlatform;
import io.shopset.loadtest.harness.PodBehaviour;
import io.shopset.loadtest.harness.RunSummary;
import io.shopset.loadtest.harness.Settings;
import io.shopset.loadtest.harness.Topology;
import io.shopset.loadtest.harness.TrafficRecorder;
import io.shopset.loadtest.scenarios.PlacementRules;
import io.shopset.loadtest.scenarios.Storefront;
import io.shopset.routing.model.LoadBalancing;

/**
 * Organic traffic: visitors arrive at a constant rate (open model) and each views a page of a shop
 * drawn from 1,000 shops with Zipf-like popularity. Two failure domains with two ShopSets of two
 * pods each; pages take a log-normal 8 ms median / 40 ms p99 with a +25% cold-cache penalty.
 *
 * <p>A ramp to the rate ({@code loadtest.rampUp}, 5 s) warms the JVM and the caches first; its
 * requests are named {@code warm-up page}. Asserts: no failed request, every page served by its
 * shop's first ShopSet, and the measured pages' p99 under {@code loadtest.p99LimitMs}. Writes {@code target/loadtest/baseline-summary.json} (p50/p95/p99,
 * throughput) for the flash-sale comparison.
 *
 * <p>Knobs: {@code loadtest.rate} (visitors/s, 400), {@code loadtest.duration} (45s, after a 5 s
 * ramp), {@code loadtest.shops} (1000), {@code loadtest.zipfExponent} (1.0),
 * {@code loadtest.p99LimitMs} (200), and those of {@link PodBehaviour}.
 */
public final class BaselineSimulation extends Simulation {

    static final String NAME = "baseline";
    static final String PAGE = "storefront page";

    private final int shops = Settings.integer("loadtest.shops", 1000);
    private final int rate = Settings.integer("loadtest.rate", 400);
    private final Duration duration = Settings.duration("loadtest.duration", Duration.ofSeconds(45));
    private final Duration rampUp = Settings.duration("loadtest.rampUp", Duration.ofSeconds(5));
    private final int p99LimitMs = Settings.integer("loadtest.p99LimitMs", 200);
    private final double zipf = Settings.decimal("loadtest.zipfExponent", 1.0);
    private final Topology topology = Topology.twoDomains(2, 2, shops, LoadBalancing.SHOP_HASH);
    private final LoadTarget target = LoadTarget.forSimulation(NAME);
    private final TrafficRecorder recorder = new TrafficRecorder();
    private volatile LocalPlatform.@Nullable Placement placement;

    private final ScenarioBuilder warmUp =
            scenario("warm-up")
                    .feed(ZipfShopFeeder.of(shops, zipf))
                    .exec(Storefront.page(s -> Storefront.WARM_UP, s -> Storefront.WARM_UP,
                                          PlacementRules.primaryOnly(() -> placement), recorder));
    private final ScenarioBuilder visitors =
            scenario("organic visitors")
                    .feed(ZipfShopFeeder.of(shops, zipf))
                    .exec(Storefront.page(s -> PAGE, s -> PAGE,
                                          PlacementRules.primaryOnly(() -> placement), recorder));

    {
        setUp(warmUp.injectOpen(rampUsersPerSec(1).to(rate).during(rampUp))
                    .andThen(visitors.injectOpen(constantUsersPerSec(rate).during(duration))))
                .protocols(Storefront.protocol(target))
                .assertions(global().failedRequests().count().is(0L),
                            details(PAGE).responseTime().percentile(99.0).lt(p99LimitMs));
    }

    @Override
    public void before() {
        target.start(topology, PodBehaviour.fromSettings());
        if (target.isLocal()) {
            placement = target.platform().placement();
        }
        final ZipfShopFeeder feeder = ZipfShopFeeder.of(shops, zipf);
        System.out.printf("[%s] %d visitors/s for %s over %d shops (Zipf %.2f: top 1 = %.0f%%, top 10 = %.0f%%)%n",
                          NAME, rate, duration, shops, zipf, 100 * feeder.shareOfTop(1), 100 * feeder.shareOfTop(10));
        recorder.start();
    }

    @Override
    public void after() {
        try {
            final RunSummary summary = new RunSummary()
                    .put("simulation", NAME)
                    .put("ratePerSecond", rate)
                    .put("durationSeconds", duration.toSeconds())
                    .put("shops", shops)
                    .put("ok", recorder.ok())
                    .put("failed", recorder.failed())
                    .put("throughputPerSecond", Math.round(recorder.phase(PAGE).count() / (double) duration.toSeconds()))
                    .latency("latency", recorder.phase(PAGE));
            if (target.isLocal()) {
                final LocalPlatform.PageCounts pages = target.platform().pageCounts();
                summary.put("coldPagesPercent", Math.round(pages.coldPercent() * 100) / 100.0);
            }
            final Path file = summary.write(NAME);
            final LatencyHistogram pages = recorder.phase(PAGE);
            System.out.printf("[%s] %d ok, %d failed (warm-up included); %d measured pages at %.0f req/s: "
                              + "p50 %d ms, p95 %d ms, p99 %d ms, max %d ms -> %s%n",
                              NAME, recorder.ok(), recorder.failed(), pages.count(), pages.count() / (double) duration.toSeconds(),
                              pages.percentile(50), pages.percentile(95), pages.percentile(99), pages.max(), file);
        } finally {
            target.close();
        }
    }
}
