package io.shopset.loadtest.simulations;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import io.shopset.loadtest.feeders.ZipfShopFeeder;
import io.shopset.loadtest.harness.LatencyHistogram;
import io.shopset.loadtest.harness.LoadTarget;
import io.shopset.loadtest.harness.LocalPlatform;
import io.shopset.loadtest.harness.MachineLoad;
import io.shopset.loadtest.harness.PodBehaviour;
import io.shopset.loadtest.harness.RunSummary;
import io.shopset.loadtest.harness.Settings;
import io.shopset.loadtest.harness.Topology;
import io.shopset.loadtest.harness.TrafficRecorder;
import io.shopset.loadtest.scenarios.PlacementRules;
import io.shopset.loadtest.scenarios.Storefront;
import io.shopset.loadtest.scenarios.Storefront.ShopSetRule;
import io.shopset.routing.model.LoadBalancing;

/**
 * An operator isolates a shop mid-run and later restores it, through the admin API, while traffic
 * flows. Shop A ({@code shop-a}) gets {@code loadtest.shopARate} (50) visitors/s and 1,000 other
 * shops organic traffic ({@code loadtest.rate}, 250 visitors/s, Zipf-like), open model, after a
 * {@code loadtest.rampUp} (10 s) warm-up. The platform has a dedicated ShopSet {@code vip-1} (2 pods,
 * {@code dc-a}) that the placer keeps empty, and runs the admin API on the file store, as
 * {@code shopset serve} does. The operator (a Gatling scenario, group {@code operator}) first reads
 * the shop ({@code GET /api/v1/shops/shop-a}); {@code loadtest.isolateAt} (15 s) into the measured
 * part it sends {@code POST /api/v1/shops/shop-a/isolate {"shopset":"vip-1"}} with the run's admin
 * token, and {@code loadtest.isolatedFor} (15 s) after the answer {@code POST .../restore}; the
 * traffic lasts {@code loadtest.duration} (50 s). Each call must answer 200 with the shop's new
 * placement (isolated on {@code vip-1} with its first ShopSet remembered; then back on it).
 *
 * <p>Every page's ShopSet is checked on the stub's {@code X-ShopSet} header ({@link RuleForA}): A's
 * pages come from its first ShopSet until the isolate call goes out, from {@code vip-1} once it has
 * answered, from the first ShopSet again once the restore has answered; every other shop's page from
 * its own first ShopSet throughout. Requests are named by when they were sent ({@code A page before
 * isolation}, {@code A page while isolated}, {@code A page after restore}, {@code A page during a
 * change}; {@code page ...} for the other shops) in groups {@code shop A} and {@code other shops}.
 *
 * <p>Assertions: no failed request at all (A keeps answering 200 across both changes; no other shop
 * sees an error or moves), the operator's calls succeed, and A has answered pages while isolated and
 * after the restore (so both moves were seen, not merely allowed). Prints p50/p99 per phase for A and
 * for the other shops, A's pages per ShopSet over time, and how long after each call went out the
 * first page came from the new place; writes {@code target/loadtest/isolation-summary.json}. Needs
 * the in-process platform.
 */
public final class IsolationSimulation extends Simulation {

    static final String NAME = "isolation";
    static final String SHOP_A = "shop-a";
    static final String DEDICATED = "vip-1";
    static final String GROUP_A = "shop A";
    static final String OTHERS = "other shops";
    static final String OPERATOR = "operator";
    private static final String BEFORE = "before isolation";
    private static final String ISOLATED = "while isolated";
    private static final String RESTORED = "after restore";
    private static final String CHANGING = "during a change";

    private final int shops = Settings.integer("loadtest.shops", 1000);
    private final int rate = Settings.integer("loadtest.rate", 250);
    private final int rateA = Settings.integer("loadtest.shopARate", 50);
    private final Duration rampUp = Settings.duration("loadtest.rampUp", Duration.ofSeconds(10));
    private final Duration duration = Settings.duration("loadtest.duration", Duration.ofSeconds(50));
    private final Duration isolateAt = Settings.duration("loadtest.isolateAt", Duration.ofSeconds(15));
    private final Duration isolatedFor = Settings.duration("loadtest.isolatedFor", Duration.ofSeconds(15));
    private final Topology topology = Topology.twoDomains(2, 2, shops, LoadBalancing.SHOP_HASH)
                                              .withDedicated(DEDICATED, "dc-a", 2)
                                              .withShop(new Topology.ShopSpec(SHOP_A, null));
    private final String hostA = Topology.hostOf(SHOP_A);
    private final LoadTarget target = LoadTarget.forSimulation(NAME);
    private final TrafficRecorder recorder = new TrafficRecorder();
    private final TrafficRecorder recorderA = new TrafficRecorder();
    private final LongAdder pagesFromDedicated = new LongAdder();
    private volatile LocalPlatform.@Nullable Placement placement;
    private volatile long isolateSent = Long.MAX_VALUE;
    private volatile long isolateAnswered = Long.MAX_VALUE;
    private volatile long restoreSent = Long.MAX_VALUE;
    private volatile long restoreAnswered = Long.MAX_VALUE;
    private volatile String loadAtStart = "unknown";

    private final ScenarioBuilder warmUp =
            scenario("warm-up")
                    .feed(ZipfShopFeeder.of(shops, 1.0))
                    .exec(Storefront.page(s -> Storefront.WARM_UP, s -> Storefront.WARM_UP,
                                          PlacementRules.primaryOnly(() -> placement), recorder));
    private final ScenarioBuilder visitors =
            scenario("organic visitors")
                    .feed(ZipfShopFeeder.of(shops, 1.0))
                    .exec(group(OTHERS).on(Storefront.page(s -> "page " + phase(s), this::phase,
                                                           PlacementRules.primaryOnly(() -> placement), recorder)));
    private final ScenarioBuilder visitorsA =
            scenario("shop A visitors")
                    .exec(session -> session.set(Storefront.HOST, hostA))
                    .exec(group(GROUP_A).on(Storefront.page(s -> "A page " + phase(s), this::phase, new RuleForA(),
                                                            recorderA)
                                                    .exec(this::noteDedicated)));
    private final ScenarioBuilder operator =
            scenario("operator")
                    .exec(group(OPERATOR).on(readShopA()))
                    .pause(isolateAt)
                    .exec(group(OPERATOR).on(isolateCall()))
                    .pause(isolatedFor)
                    .exec(group(OPERATOR).on(restoreCall()));

    {
        if (duration.compareTo(isolateAt.plus(isolatedFor)) <= 0) {
            throw new IllegalArgumentException("loadtest.duration " + duration + " (expected: > loadtest.isolateAt "
                                               + isolateAt + " + loadtest.isolatedFor " + isolatedFor + ")");
        }
        setUp(warmUp.injectOpen(rampUsersPerSec(1).to(rate).during(rampUp))
                    .andThen(visitors.injectOpen(constantUsersPerSec(rate).during(duration)),
                             visitorsA.injectOpen(constantUsersPerSec(rateA).during(duration)),
                             operator.injectOpen(atOnceUsers(1))))
                .protocols(Storefront.protocol(target))
                .assertions(global().failedRequests().count().is(0L),
                            details(GROUP_A).failedRequests().count().is(0L),
                            details(OTHERS).failedRequests().count().is(0L),
                            details(OPERATOR).failedRequests().count().is(0L),
                            details(GROUP_A, "A page " + ISOLATED).successfulRequests().count().gt(0L),
                            details(GROUP_A, "A page " + RESTORED).successfulRequests().count().gt(0L));
    }

    @Override
    public void before() {
        if (!target.isLocal()) {
            throw new IllegalStateException(NAME + " needs the in-process platform with a dedicated ShopSet and its "
                                            + "admin API: run it without -D" + Settings.GATEWAY_URL);
        }
        loadAtStart = MachineLoad.loadAverage();
        target.start(topology, PodBehaviour.fromSettings(), true);
        final LocalPlatform.Placement p = target.platform().placement();
        placement = p;
        System.out.printf("[%s] %d visitors/s over %d shops + %d/s to %s (placed on %s) for %ss; isolate onto %s "
                          + "%ss in, restore %ss after the answer; admin API %s; load average %s on %d cores%n",
                          NAME, rate, shops, rateA, SHOP_A, PlacementRules.order(p.candidates(hostA)),
                          duration.toSeconds(), DEDICATED, isolateAt.toSeconds(), isolatedFor.toSeconds(),
                          target.platform().adminUrl(), loadAtStart,
                          MachineLoad.cores());
        recorder.start();
        recorderA.start();
    }

    @Override
    public void after() {
        try {
            report();
        } finally {
            target.close();
        }
    }

    /** {@code GET /api/v1/shops/shop-a}, as an operator looks first: 200, not isolated, on its first ShopSet. */
    private ChainBuilder readShopA() {
        return exec(http("read shop A").get(session -> target.platform().adminUrl() + "/api/v1/shops/" + SHOP_A)
                                       .header("Authorization", session -> "Bearer " + target.platform().adminToken())
                                       .check(status().is(200),
                                              jsonPath("$.isolated").ofBoolean().is(false),
                                              jsonPath("$.shopsets[0]").is(session -> placementOf().primary(hostA))));
    }

    /** {@code POST .../isolate {"shopset":"vip-1"}}: 200, A isolated on vip-1, its first ShopSet remembered. */
    private ChainBuilder isolateCall() {
        return exec(session -> {
            isolateSent = System.nanoTime();
            recorderA.event("isolate " + SHOP_A + " onto " + DEDICATED);
            return session;
        }).exec(adminPost("isolate shop A", "/isolate", "{\"shopset\":\"" + DEDICATED + "\"}")
                        .check(jsonPath("$.isolated").ofBoolean().is(true),
                               jsonPath("$.shopsets[0]").is(DEDICATED),
                               jsonPath("$.rememberedShopsets[0]").is(session -> placementOf().primary(hostA))))
          .exec(session -> {
              isolateAnswered = System.nanoTime();
              recorderA.event("isolate answered");
              return session;
          });
    }

    /** {@code POST .../restore}: 200, A back on its first ShopSet. */
    private ChainBuilder restoreCall() {
        return exec(session -> {
            restoreSent = System.nanoTime();
            recorderA.event("restore " + SHOP_A);
            return session;
        }).exec(adminPost("restore shop A", "/restore", "{}")
                        .check(jsonPath("$.isolated").ofBoolean().is(false),
                               jsonPath("$.shopsets[0]").is(session -> placementOf().primary(hostA))))
          .exec(session -> {
              restoreAnswered = System.nanoTime();
              recorderA.event("restore answered");
              return session;
          });
    }

    private HttpRequestActionBuilder adminPost(String name, String action, String body) {
        return http(name).post(session -> target.platform().adminUrl() + "/api/v1/shops/" + SHOP_A + action)
                         .header("Authorization", session -> "Bearer " + target.platform().adminToken())
                         .header("Content-Type", "application/json")
                         .body(StringBody(body))
                         .check(status().is(200));
    }

    private LocalPlatform.Placement placementOf() {
        final LocalPlatform.Placement p = placement;
        if (p == null) {
            throw new IllegalStateException("no placement");
        }
        return p;
    }

    /** The phase of the run a request was sent in. */
    private String phase(Session session) {
        return phaseAt(session.getLong(Storefront.SENT_NANOS));
    }

    private String phaseAt(long sent) {
        if (sent < isolateSent) {
            return BEFORE;
        }
        if (sent >= isolateAnswered && sent < restoreSent) {
            return ISOLATED;
        }
        if (sent >= restoreAnswered) {
            return RESTORED;
        }
        return CHANGING;
    }

    private Session noteDedicated(Session session) {
        final String shopSet = session.getString(Storefront.SHOPSET);
        if (DEDICATED.equals(shopSet)) {
            pagesFromDedicated.increment();
            recorderA.noteFirst("first page from " + DEDICATED);
        } else if (shopSet != null && System.nanoTime() >= restoreSent) {
            recorderA.noteFirst("first page back on " + shopSet);
        }
        return session;
    }

    /**
     * Where A's pages may come from. A request reached the gateway somewhere between its send stamp
     * and its answer (on a busy machine the stamp can precede the real send by a while), so: the first
     * ShopSet when the answer came before the isolate call went out; {@code vip-1} when the request was
     * stamped after the isolate call's answer and answered before the restore call went out; the first
     * ShopSet again when stamped after the restore call's answer; either while a change was under way.
     */
    private final class RuleForA implements ShopSetRule {

        @Override
        public @Nullable String problem(String host, String shopSet) {
            return problem(host, shopSet, System.nanoTime());
        }

        @Override
        public @Nullable String problem(String host, String shopSet, long sentNanos) {
            final long answeredNanos = System.nanoTime();
            final String primary = placementOf().primary(host);
            final String expected;
            if (answeredNanos < isolateSent || sentNanos >= restoreAnswered) {
                expected = primary;
            } else if (sentNanos >= isolateAnswered && answeredNanos < restoreSent) {
                expected = DEDICATED;
            } else {
                expected = shopSet.equals(DEDICATED) ? DEDICATED : primary;
            }
            return expected.equals(shopSet) ? null
                    : host + " answered by " + shopSet + " (sent " + phaseAt(sentNanos) + "), expected " + expected;
        }
    }

    private void report() {
        final LatencyHistogram aBefore = recorderA.phase(BEFORE);
        final LatencyHistogram aIsolated = recorderA.phase(ISOLATED);
        final LatencyHistogram aRestored = recorderA.phase(RESTORED);
        final LatencyHistogram oBefore = recorder.phase(BEFORE);
        final LatencyHistogram oIsolated = recorder.phase(ISOLATED);
        final LatencyHistogram oRestored = recorder.phase(RESTORED);
        final long isolateCallMs = isolateAnswered == Long.MAX_VALUE ? -1 : (isolateAnswered - isolateSent) / 1_000_000;
        final long restoreCallMs = restoreAnswered == Long.MAX_VALUE ? -1 : (restoreAnswered - restoreSent) / 1_000_000;
        final long movedMs = recorderA.millisBetweenFirst("isolate " + SHOP_A + " onto " + DEDICATED,
                                                          "first page from " + DEDICATED);
        final long backMs = recorderA.millisBetweenFirst("restore " + SHOP_A,
                                                         "first page back on " + placementOf().primary(hostA));
        final String loadAtEnd = MachineLoad.loadAverage();
        final RunSummary summary = new RunSummary()
                .put("simulation", NAME)
                .put("loadAverageAtStart", loadAtStart)
                .put("loadAverageAtEnd", loadAtEnd)
                .put("organicRatePerSecond", rate)
                .put("shopARatePerSecond", rateA)
                .put("shops", shops)
                .put("isolateCallMs", isolateCallMs)
                .put("restoreCallMs", restoreCallMs)
                .put("firstDedicatedPageMsAfterIsolateSent", movedMs)
                .put("firstPageBackMsAfterRestoreSent", backMs)
                .put("shopAOk", recorderA.ok())
                .put("shopAFailed", recorderA.failed())
                .put("shopAPagesFromDedicated", pagesFromDedicated.sum())
                .put("othersOk", recorder.ok())
                .put("othersFailed", recorder.failed())
                .latency("shopABeforeIsolation", aBefore)
                .latency("shopAWhileIsolated", aIsolated)
                .latency("shopAAfterRestore", aRestored)
                .latency("othersBeforeIsolation", oBefore)
                .latency("othersWhileIsolated", oIsolated)
                .latency("othersAfterRestore", oRestored)
                .put("shopATimelineByShopSet", recorderA.timeline(5, s -> s))
                .put("events", recorderA.events());
        System.out.printf("[%s] %s: %d ok, %d failed; %d pages from %s; isolate answered in %d ms, first page from %s "
                          + "%d ms after the call went out; restore answered in %d ms, first page back %d ms after "
                          + "the call went out%n", NAME, SHOP_A, recorderA.ok(), recorderA.failed(),
                          pagesFromDedicated.sum(), DEDICATED, isolateCallMs, DEDICATED, movedMs, restoreCallMs, backMs);
        System.out.printf("[%s] %s p50/p99: before %d/%d ms (%d), isolated %d/%d ms (%d), restored %d/%d ms (%d)%n",
                          NAME, SHOP_A, aBefore.percentile(50), aBefore.percentile(99), aBefore.count(),
                          aIsolated.percentile(50), aIsolated.percentile(99), aIsolated.count(),
                          aRestored.percentile(50), aRestored.percentile(99), aRestored.count());
        System.out.printf("[%s] other shops: %d ok, %d failed (warm-up included); p50/p99: before %d/%d ms (%d), while A "
                          + "isolated %d/%d ms (%d), after restore %d/%d ms (%d)%n", NAME, recorder.ok(),
                          recorder.failed(), oBefore.percentile(50), oBefore.percentile(99), oBefore.count(),
                          oIsolated.percentile(50), oIsolated.percentile(99), oIsolated.count(),
                          oRestored.percentile(50), oRestored.percentile(99), oRestored.count());
        System.out.println("[" + NAME + "] " + SHOP_A + "'s pages per ShopSet, 5 s buckets (seconds since the "
                           + "warm-up began):");
        recorderA.timeline(5, s -> s).forEach(row -> System.out.println("    " + row));
        recorderA.events().forEach(e -> System.out.println("    " + e));
        System.out.printf("[%s] load average %s at the start, %s at the end -> %s%n", NAME, loadAtStart, loadAtEnd,
                          summary.write(NAME));
    }
}
