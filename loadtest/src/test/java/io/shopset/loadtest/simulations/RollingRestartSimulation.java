package io.shopset.loadtest.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.shopset.loadtest.feeders.ZipfShopFeeder;
import io.shopset.loadtest.harness.Chaos;
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
import io.shopset.testkit.StubShopSet;

/**
 * The pods of ShopSet {@code prod-a1} (three of them) restart one by one under traffic: each is
 * killed, stays down {@code loadtest.downFor} (2 s), comes back on the same port with a cold template
 * cache, and the next follows {@code loadtest.restartEvery} (8 s) later. Every ShopSet runs with the
 * {@code loadBalancing} given by {@code -Dloadtest.loadBalancing=shop-hash|round-robin} (default
 * {@code shop-hash}), so that two runs compare what keeping a shop on its pod saves in cold-cache
 * pages and latency.
 *
 * <p>Asserts: failed requests under {@code loadtest.maxFailedPercent} (0.1%) and every page from its
 * shop's first ShopSet (a restart moves shops between pods, never between ShopSets). Prints and writes
 * ({@code target/loadtest/rolling-restart-<mode>-summary.json}) p50/p99 of the steady part and of the
 * restarts, the share of cold pages, and how many pods each shop was seen on in the steady part (1.0
 * means the mode kept every shop on one pod; a round-robin gateway shows about 3). When the other
 * mode's summary exists, prints both side by side.
 */
public final class RollingRestartSimulation extends Simulation {

    static final String NAME = "rolling-restart";
    private static final String STEADY = "page steady";
    private static final String ROLLING = "page during restarts";

    private final int shops = Settings.integer("loadtest.shops", 1000);
    private final int rate = Settings.integer("loadtest.rate", 300);
    private final Duration rampUp = Settings.duration("loadtest.rampUp", Duration.ofSeconds(5));
    private final Duration steadyFor = Settings.duration("loadtest.steadyFor", Duration.ofSeconds(15));
    private final Duration downFor = Settings.duration("loadtest.downFor", Duration.ofSeconds(2));
    private final Duration restartEvery = Settings.duration("loadtest.restartEvery", Duration.ofSeconds(8));
    private final double maxFailedPercent = Settings.decimal("loadtest.maxFailedPercent", 0.1);
    private final int p99LimitMs = Settings.integer("loadtest.p99LimitMs", 250);
    private final LoadBalancing mode = LoadBalancing.parse(Settings.string("loadtest.loadBalancing", "shop-hash"));
    private final String restarted = "prod-a1";
    private final int pods = 3;
    private final Topology topology = Topology.twoDomains(2, pods, shops, mode);
    private final Duration duration = steadyFor.plus(restartEvery.multipliedBy(pods));
    private final LoadTarget target = LoadTarget.forSimulation(NAME + "-" + mode.text());
    private final TrafficRecorder recorder = new TrafficRecorder();
    private final Chaos chaos = new Chaos(recorder);
    private final Set<String> shopPodPairs = ConcurrentHashMap.newKeySet();
    private final Set<String> shopsSeen = ConcurrentHashMap.newKeySet();
    private volatile LocalPlatform.@Nullable Placement placement;
    private volatile long rollingSinceNanos = Long.MAX_VALUE;

    private final ScenarioBuilder warmUp =
            scenario("warm-up")
                    .feed(ZipfShopFeeder.of(shops, 1.0))
                    .exec(Storefront.page(s -> Storefront.WARM_UP, s -> Storefront.WARM_UP,
                                          PlacementRules.primaryOnly(() -> placement), recorder));
    private final ScenarioBuilder visitors =
            scenario("organic visitors")
                    .feed(ZipfShopFeeder.of(shops, 1.0))
                    .exec(Storefront.page(this::phase, this::phase, PlacementRules.primaryOnly(() -> placement),
                                          recorder)
                                    .exec(this::notePod));
    private final ScenarioBuilder rollout = scenario("rolling restart of " + restarted).exec(restarts());

    {
        setUp(warmUp.injectOpen(rampUsersPerSec(1).to(rate).during(rampUp))
                    .andThen(visitors.injectOpen(constantUsersPerSec(rate).during(duration)),
                             rollout.injectOpen(atOnceUsers(1))))
                .protocols(Storefront.protocol(target))
                .assertions(global().failedRequests().percent().lt(maxFailedPercent),
                            details(ROLLING).responseTime().percentile(99.0).lt(p99LimitMs));
    }

    private ChainBuilder restarts() {
        ChainBuilder chain = exec(session -> session).pause(steadyFor);
        for (int i = 0; i < pods; i++) {
            final int pod = i;
            final String podName = topology.shopSet(restarted).podName(pod);
            chain = chain.exec(session -> {
                chaos.submit("kill " + podName, () -> {
                    if (rollingSinceNanos == Long.MAX_VALUE) {
                        rollingSinceNanos = System.nanoTime();
                    }
                    target.platform().pods(restarted).get(pod).kill();
                });
                return session;
            }).pause(downFor).exec(session -> {
                chaos.submit("restart " + podName, () -> target.platform().pods(restarted).get(pod).restart());
                return session;
            }).pause(restartEvery.minus(downFor));
        }
        return chain;
    }

    @Override
    public void before() {
        if (!target.isLocal()) {
            throw new IllegalStateException(NAME + " restarts stub pods: run it without -D" + Settings.GATEWAY_URL);
        }
        target.start(topology, PodBehaviour.fromSettings());
        placement = target.platform().placement();
        System.out.printf("[%s] loadBalancing: %s; %d visitors/s; %s steady, then the %d pods of %s restart "
                          + "one by one (down %s, every %s)%n", NAME, mode.text(), rate, steadyFor, pods, restarted,
                          downFor, restartEvery);
        recorder.start();
    }

    @Override
    public void after() {
        try {
            chaos.close();
            report();
        } finally {
            target.close();
        }
    }

    private String phase(Session session) {
        return System.nanoTime() < rollingSinceNanos ? STEADY : ROLLING;
    }

    /** In the steady part, remembers which pods served each shop of the restarted ShopSet. */
    private Session notePod(Session session) {
        final String shopSet = session.getString(Storefront.SHOPSET);
        final String pod = session.getString(Storefront.ENDPOINT);
        if (restarted.equals(shopSet) && pod != null && System.nanoTime() < rollingSinceNanos) {
            final String host = session.getString(Storefront.HOST);
            shopsSeen.add(host);
            shopPodPairs.add(host + ' ' + pod);
        }
        return session;
    }

    private void report() {
        final LocalPlatform platform = target.platform();
        final LatencyHistogram steady = recorder.phase(STEADY);
        final LatencyHistogram rolling = recorder.phase(ROLLING);
        final LocalPlatform.PageCounts pages = platform.pageCounts();
        long restartedPages = 0;
        long restartedCold = 0;
        for (StubShopSet pod : platform.pods(restarted)) {
            restartedPages += pod.pagesServed();
            restartedCold += pod.coldPagesServed();
        }
        final double podsPerShop = shopsSeen.isEmpty() ? 0 : (double) shopPodPairs.size() / shopsSeen.size();
        final RunSummary summary = new RunSummary()
                .put("simulation", NAME)
                .put("loadBalancing", mode.text())
                .put("ratePerSecond", rate)
                .put("ok", recorder.ok())
                .put("failed", recorder.failed())
                .put("failedPercent", Math.round(recorder.failedPercent() * 1000) / 1000.0)
                .latency("steady", steady)
                .latency("duringRestarts", rolling)
                .put("coldPagesPercent", round2(pages.coldPercent()))
                .put("coldPagesPercentOnRestartedShopSet",
                     round2(restartedPages == 0 ? 0 : 100.0 * restartedCold / restartedPages))
                .put("podsPerShopWhileSteady", round2(podsPerShop))
                .put("requestsByPod", platform.requestsByPod())
                .put("timelineByShopSet", recorder.timeline(2, s -> s))
                .put("events", recorder.events());
        final String mine = NAME + "-" + mode.text();
        System.out.printf("[%s] %s: %d ok, %d failed (%.3f%%); steady p50 %d / p99 %d ms; during restarts "
                          + "p50 %d / p99 %d ms; cold pages %.2f%% (%.2f%% on %s); %.2f pods per shop -> %s%n",
                          NAME, mode.text(), recorder.ok(), recorder.failed(), recorder.failedPercent(),
                          steady.percentile(50), steady.percentile(99), rolling.percentile(50), rolling.percentile(99),
                          pages.coldPercent(), restartedPages == 0 ? 0 : 100.0 * restartedCold / restartedPages,
                          restarted, podsPerShop, summary.write(mine));
        System.out.println("[" + NAME + "] pages per ShopSet, 2 s buckets (seconds since the warm-up began; slow = over "
                           + TrafficRecorder.SLOW_MILLIS + " ms):");
        recorder.timeline(2, s -> s).forEach(row -> System.out.println("    " + row));
        recorder.events().forEach(e -> System.out.println("    " + e));
        if (mode != LoadBalancing.SHOP_HASH && podsPerShop <= 1.05) {
            System.out.printf("[%s] note: with %s every shop still kept to one pod: the gateway does not implement "
                              + "%s yet and balanced by shop hash%n", NAME, mode.text(), mode.text());
        }
        compareModes();
    }

    private void compareModes() {
        final List<String> rows = new ArrayList<>();
        for (LoadBalancing m : List.of(LoadBalancing.SHOP_HASH, LoadBalancing.ROUND_ROBIN)) {
            final Map<String, Object> s = RunSummary.read(NAME + "-" + m.text());
            if (!s.isEmpty()) {
                rows.add(String.format("    %-12s steady p50/p99 %s/%s ms, restarts p50/p99 %s/%s ms, cold pages %s%%, "
                                       + "pods per shop %s", m.text(), field(s, "steady", "p50Ms"),
                                       field(s, "steady", "p99Ms"), field(s, "duringRestarts", "p50Ms"),
                                       field(s, "duringRestarts", "p99Ms"), s.get("coldPagesPercent"),
                                       s.get("podsPerShopWhileSteady")));
            }
        }
        if (rows.size() > 1) {
            System.out.println("[" + NAME + "] comparison of the latest run of each mode:");
            rows.forEach(System.out::println);
        }
    }

    private static Object field(Map<String, Object> summary, String group, String key) {
        final Object g = summary.get(group);
        return g instanceof Map<?, ?> m ? m.get(key) : "?";
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
