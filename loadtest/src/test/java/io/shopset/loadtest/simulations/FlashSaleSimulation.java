package io.shopset.loadtest.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.shopset.loadtest.feeders.ZipfShopFeeder;
import io.shopset.loadtest.harness.AccessLogStats;
import io.shopset.loadtest.harness.FloodSchedule;
import io.shopset.loadtest.harness.FloodTally;
import io.shopset.loadtest.harness.LatencyHistogram;
import io.shopset.loadtest.harness.LoadTarget;
import io.shopset.loadtest.harness.LocalPlatform;
import io.shopset.loadtest.harness.LoopbackAddresses;
import io.shopset.loadtest.harness.MachineLoad;
import io.shopset.loadtest.harness.PodBehaviour;
import io.shopset.loadtest.harness.RunChecks;
import io.shopset.loadtest.harness.RunChecks.Result;
import io.shopset.loadtest.harness.RunSummary;
import io.shopset.loadtest.harness.Settings;
import io.shopset.loadtest.harness.Topology;
import io.shopset.loadtest.harness.TrafficRecorder;
import io.shopset.loadtest.scenarios.BotFlood;
import io.shopset.loadtest.scenarios.PlacementRules;
import io.shopset.loadtest.scenarios.Storefront;
import io.shopset.routing.model.LoadBalancing;

/**
 * A flash sale with a bot flood: shop A ({@code shop-a}, limited to {@code loadtest.flashLimit}
 * requests/s, 10 by default, burst as much, 10 in flight) is hit at {@code loadtest.floodFactor}
 * (20) times its limit by bots from {@code loadtest.botAddresses} (100) distinct client addresses,
 * while {@code loadtest.shops} (200) other shops get organic traffic ({@code loadtest.rate}, 200
 * visitors/s, Zipf-like, from {@code loadtest.visitorAddresses} (200) addresses). Open model
 * throughout.
 *
 * <p><b>Client addresses.</b> The gateway keys clients by address. Each simulated client binds its
 * connections to its own loopback source address ({@code 127.2.x.y} for bots, {@code 127.1.x.y} for
 * visitors; Gatling's {@code localAddresses}), so the gateway sees real, distinct peers and no
 * forwarding header has to be trusted; the per-client limits stay at the defaults of CONTRACT.md.
 * Each bot address sends about 2 requests/s, far under the per-client limit: only A's own limit can
 * hold the flood back, which is what a distributed flood tests.
 *
 * <p><b>Baseline in the same run</b> ({@link FloodSchedule}). After a {@code loadtest.rampUp} (20 s)
 * warm-up in which visitors and bots ramp up together, the measured part has {@code loadtest.cycles}
 * (6) pairs of a calm window ({@code loadtest.calmFor}, 5 s, organic traffic only) and a flood
 * window ({@code loadtest.floodFor}, 5 s), in ABBA order (calm, flood, flood, calm, calm, flood,
 * ...): 60 s, half of it flooded. Organic pages are named {@code page, calm} or {@code page, flood}
 * by when they were sent, so the other shops' latency under the flood is compared with their
 * latency without it, measured in the same run on the same machine; the ABBA order gives both phases
 * the same mean time into the run, so a drift of the machine's background load or of the JVM's
 * warmth favours neither, and the short windows spread the machine's passing bursts of background
 * load over both phases. The p50/p99 of every window is printed with the check. The last
 * BaselineSimulation's figures are printed for reference only (other shops, other rate).
 *
 * <p><b>Assertions</b> (Gatling's, and {@link RunChecks} reported as {@code check: ...} groups): the
 * load kept to the schedule (pages per phase and bot hits within 3% of the plan: on a machine too
 * busy for Gatling to send on time the run fails as inconclusive instead of comparing skewed
 * phases); no failed request at all — every organic page 200 from its shop's first ShopSet (so no 5xx), every bot
 * answer 200, 429 or 503; the other shops' p99 under the flood within {@code loadtest.p99Ratio} (1.2)
 * times their calm p99; A's admitted count within ±10% of what its limit allows
 * ({@code burst} per flood + {@code limit × flood seconds}); A's rejected share within 2 points of the
 * share that leaves, every rejection with {@code Retry-After}; and, from the gateway's access log,
 * that the bots reached it from the intended number of addresses and that no other shop got a 5xx.
 * Writes {@code target/loadtest/flash-sale-summary.json}. Needs the in-process platform.
 */
public final class FlashSaleSimulation extends Simulation {

    static final String NAME = "flash-sale";
    static final String SHOP_A = "shop-a";
    static final String OTHERS = "other shops";
    static final String BOTS = "shop A bots";

    private final int shops = Settings.integer("loadtest.shops", 200);
    private final int rate = Settings.integer("loadtest.rate", 200);
    private final int limit = Settings.integer("loadtest.flashLimit", 10);
    private final int burst = Settings.integer("loadtest.flashBurst", limit);
    private final int maxConcurrent = Settings.integer("loadtest.flashMaxConcurrent", 10);
    private final int floodFactor = Settings.integer("loadtest.floodFactor", 20);
    private final double p99Ratio = Settings.decimal("loadtest.p99Ratio", 1.2);
    private final FloodSchedule schedule =
            new FloodSchedule(Settings.duration("loadtest.rampUp", Duration.ofSeconds(20)),
                              Settings.duration("loadtest.calmFor", Duration.ofSeconds(5)),
                              Settings.duration("loadtest.floodFor", Duration.ofSeconds(5)),
                              Settings.integer("loadtest.cycles", 6));
    private final List<String> visitorAddresses =
            LoopbackAddresses.block(1, Settings.integer("loadtest.visitorAddresses", 200));
    private final List<String> botAddresses =
            LoopbackAddresses.block(2, Settings.integer("loadtest.botAddresses", 100));
    private final Topology topology =
            Topology.twoDomains(2, 2, shops, LoadBalancing.SHOP_HASH)
                    .withShop(new Topology.ShopSpec(SHOP_A, new Topology.ShopLimits(limit, burst, maxConcurrent)))
                    .withClientLimits();
    private final String hostA = Topology.hostOf(SHOP_A);
    private final LoadTarget target = LoadTarget.forSimulation(NAME);
    private final TrafficRecorder recorder = new TrafficRecorder();
    /** The other shops' pages again, by window of the schedule ({@code w0, w1, ...}), for the report. */
    private final TrafficRecorder byWindow = new TrafficRecorder();
    private final FloodTally tally = new FloodTally();
    private final FloodTally warmUpTally = new FloodTally();
    private final RunChecks checks = new RunChecks(NAME);
    private volatile LocalPlatform.@Nullable Placement placement;
    private volatile @Nullable AccessLogStats accessLog;
    private volatile String loadAtStart = "unknown";

    // One user at the injection's time zero sets the schedule's clock (the first visitor and bot of a
    // ramp arrive later than that).
    private final ScenarioBuilder clock = scenario("clock").exec(this::markStart);
    private final ScenarioBuilder visitors =
            scenario("organic visitors")
                    .exec(this::markStart)
                    .feed(ZipfShopFeeder.of(shops, 1.0))
                    .exec(group(OTHERS).on(Storefront.page(this::pageName, this::phase,
                                                           PlacementRules.primaryOnly(() -> placement),
                                                           recorder)
                                                   .exec(this::recordWindow)));
    private final ScenarioBuilder bots =
            scenario("bots")
                    .exec(this::markStart)
                    .exec(group(BOTS).on(BotFlood.hit(this::botHitName, hostA, this::tallyFor)));

    {
        checks.add("the load kept to the schedule", this::checkSchedule)
              .add("other shops' p99 under the flood within " + p99Ratio + "x their calm p99", this::checkP99)
              .add("shop A's admitted rate near its limit", this::checkAdmitted)
              .add("shop A's bots rejected as expected", this::checkRejected)
              .add("the gateway saw the bots' addresses", this::checkBotAddresses)
              .add("no 5xx for any other shop in the gateway's access log", this::checkNoServerErrors);
        final ScenarioBuilder verdict =
                scenario("checks")
                        // Lets the last bot answers and the gateway's access log settle.
                        .pause(Duration.ofSeconds(2))
                        .exec(session -> {
                            readAccessLog();
                            return session;
                        })
                        .exec(checks.chain());
        final HttpProtocolBuilder visitorProtocol = Storefront.protocol(target, visitorAddresses);
        final HttpProtocolBuilder botProtocol = Storefront.protocol(target, botAddresses);
        final List<Assertion> assertions = new ArrayList<>();
        assertions.add(global().failedRequests().count().is(0L));
        assertions.add(details(OTHERS).failedRequests().count().is(0L));
        assertions.add(details(BOTS).failedRequests().count().is(0L));
        assertions.addAll(checks.assertions());
        setUp(visitors.injectOpen(schedule.organicInjection(rate)).protocols(visitorProtocol)
                      .andThen(verdict.injectOpen(atOnceUsers(1)).protocols(visitorProtocol)),
              bots.injectOpen(schedule.floodInjection(botRate())).protocols(botProtocol),
              clock.injectOpen(atOnceUsers(1)).protocols(visitorProtocol))
                .assertions(assertions);
    }

    @Override
    public void before() {
        if (!target.isLocal()) {
            throw new IllegalStateException(NAME + " configures shop A's limits and sends from 127.0.0.0/8 source "
                                            + "addresses: run it without -D" + Settings.GATEWAY_URL);
        }
        loadAtStart = MachineLoad.loadAverage();
        target.start(topology, PodBehaviour.fromSettings());
        final LocalPlatform platform = target.platform();
        LoopbackAddresses.requireUsable(botAddresses.get(0), platform.gatewayAddress());
        LoopbackAddresses.requireUsable(visitorAddresses.get(0), platform.gatewayAddress());
        placement = platform.placement();
        System.out.printf("[%s] %d visitors/s over %d shops from %d addresses; %s limited to %d/s (burst %d, %d in "
                          + "flight) flooded at %.0f/s from %d addresses; %ss warm-up, then %d x (%ss calm + %ss "
                          + "flood); load average %s on %d cores%n",
                          NAME, rate, shops, visitorAddresses.size(), SHOP_A, limit, burst, maxConcurrent, botRate(),
                          botAddresses.size(), schedule.warmUp().toSeconds(), schedule.cycles(),
                          schedule.calm().toSeconds(),
                          schedule.flood().toSeconds(), loadAtStart, MachineLoad.cores());
        recorder.start();
        byWindow.start();
    }

    @Override
    public void after() {
        try {
            report();
        } finally {
            target.close();
        }
    }

    private double botRate() {
        return (double) limit * floodFactor;
    }

    private Session markStart(Session session) {
        schedule.markStart();
        return session;
    }

    private String phase(Session session) {
        return schedule.phaseAt(session.getLong(Storefront.SENT_NANOS));
    }

    private Session recordWindow(Session session) {
        final int w = schedule.windowAt(session.getLong(Storefront.SENT_NANOS));
        if (w >= 0 && w < schedule.windows().size()) {
            byWindow.record("w" + w, session.getIntegerWrapper(Storefront.RESPONSE_MILLIS), null, !session.isFailed());
        }
        return session;
    }

    /** {@code calm 12/48, flood 11/52, ...}: p50/p99 (ms) of the other shops' pages in each window. */
    private String perWindow() {
        final List<String> windows = schedule.windows();
        final List<String> parts = new ArrayList<>(windows.size());
        for (int i = 0; i < windows.size(); i++) {
            final LatencyHistogram h = byWindow.phase("w" + i);
            parts.add(windows.get(i) + ' ' + h.percentile(50) + '/' + h.percentile(99));
        }
        return String.join(", ", parts);
    }

    private String pageName(Session session) {
        final String phase = phase(session);
        return phase.equals(FloodSchedule.WARM_UP) ? Storefront.WARM_UP : "page, " + phase;
    }

    private String botHitName(Session session) {
        return phase(session).equals(FloodSchedule.WARM_UP) ? "warm-up bot hit" : "bot hit";
    }

    private FloodTally tallyFor(Session session) {
        return phase(session).equals(FloodSchedule.WARM_UP) ? warmUpTally : tally;
    }

    /**
     * What A's limit lets through over the flood windows: a full burst at the start of each flood (a
     * calm window refills it), then the rate.
     */
    private double expectedAdmitted() {
        return schedule.floods() * burst + limit * schedule.floodTotal().toMillis() / 1000.0;
    }

    /**
     * Whether the load generator kept up: pages per phase and bot hits as the schedule says (±3%).
     * When the machine is too busy for Gatling to send on time, users start late, pages land in the
     * wrong phase and the comparisons below mean little: this check then fails the run as
     * inconclusive rather than letting it pass or fail on a skewed comparison.
     */
    private Result checkSchedule() {
        final double calmSeconds = schedule.total().minus(schedule.floodTotal()).toMillis() / 1000.0;
        final double floodSeconds = schedule.floodTotal().toMillis() / 1000.0;
        final long calm = recorder.phase(FloodSchedule.CALM).count();
        final long flood = recorder.phase(FloodSchedule.FLOOD).count();
        final double expectedCalm = rate * calmSeconds;
        final double expectedFlood = rate * floodSeconds;
        final double expectedBots = botRate() * floodSeconds;
        final boolean ok = near(calm, expectedCalm) && near(flood, expectedFlood) && near(tally.sent(), expectedBots);
        return Result.of(ok, String.format(
                "%d calm pages (expected %.0f), %d flood pages (expected %.0f), %d bot hits (expected %.0f), each "
                + "±3%%%s", calm, expectedCalm, flood, expectedFlood, tally.sent(), expectedBots,
                ok ? "" : ": the load generator fell behind (machine too busy?), the comparisons are inconclusive"));
    }

    private static boolean near(long actual, double expected) {
        return Math.abs(actual - expected) <= 0.03 * expected;
    }

    private Result checkP99() {
        final LatencyHistogram calm = recorder.phase(FloodSchedule.CALM);
        final LatencyHistogram flood = recorder.phase(FloodSchedule.FLOOD);
        if (calm.count() == 0 || flood.count() == 0) {
            return Result.fail("no pages measured (calm " + calm.count() + ", flood " + flood.count() + ")");
        }
        final long calmP99 = calm.percentile(99);
        final long floodP99 = flood.percentile(99);
        final double bound = p99Ratio * calmP99;
        return Result.of(floodP99 <= bound, String.format(
                "flood p99 %d ms (%d pages, p50 %d ms) vs calm p99 %d ms (%d pages, p50 %d ms): %.2fx, bound %.0f ms; "
                + "p50/p99 by window: %s", floodP99, flood.count(), flood.percentile(50), calmP99, calm.count(),
                calm.percentile(50), calmP99 == 0 ? 0 : (double) floodP99 / calmP99, bound, perWindow()));
    }

    private Result checkAdmitted() {
        final double expected = expectedAdmitted();
        final double floodSeconds = schedule.floodTotal().toMillis() / 1000.0;
        final long admitted = tally.admitted();
        final boolean ok = admitted >= 0.9 * expected && admitted <= 1.1 * expected;
        return Result.of(ok, String.format(
                "%d admitted = %.2f/s over %.0f s of flood (limit %d/s + burst %d per flood, %d flood(s): expected "
                + "%.0f = %.2f/s, ±10%%)", admitted, admitted / floodSeconds, floodSeconds, limit, burst,
                schedule.floods(), expected, expected / floodSeconds));
    }

    private Result checkRejected() {
        final long sent = tally.sent();
        if (sent == 0) {
            return Result.fail("no bot request was sent");
        }
        final double expectedShare = 100.0 * Math.max(0, 1 - expectedAdmitted() / sent);
        final double share = tally.rejectedPercent();
        final boolean ok = Math.abs(share - expectedShare) <= 2.0 && tally.rejectedWithoutRetryAfter() == 0
                           && tally.other() == 0;
        return Result.of(ok, String.format(
                "%d of %d rejected = %.2f%% (expected %.2f%% ± 2): %d x 429, %d x 503, by scope %s; %d without "
                + "Retry-After; %d other answers", tally.rejected(), sent, share, expectedShare,
                tally.tooManyRequests(), tally.unavailable(), tally.rejectedByScope(),
                tally.rejectedWithoutRetryAfter(), tally.other()));
    }

    private Result checkBotAddresses() {
        final AccessLogStats log = accessLog;
        if (log == null) {
            return Result.fail("the access log could not be read");
        }
        final int seen = log.distinctClients(SHOP_A);
        return Result.of(seen >= botAddresses.size(), String.format(
                "%d distinct client addresses for %s (sent from %d); %d for the other shops (sent from %d)", seen,
                SHOP_A, botAddresses.size(), log.distinctClientsExcept(SHOP_A), visitorAddresses.size()));
    }

    private Result checkNoServerErrors() {
        final AccessLogStats log = accessLog;
        if (log == null) {
            return Result.fail("the access log could not be read");
        }
        final long errors = log.serverErrorsExcept(SHOP_A);
        return Result.of(errors == 0 && log.lines() > 0, String.format(
                "%d access log lines; %d responses >= 500 for other shops; %s by status: %s", log.lines(), errors,
                SHOP_A, log.statuses(SHOP_A)));
    }

    private void readAccessLog() {
        if (target.isLocal()) {
            accessLog = AccessLogStats.read(target.platform().accessLogFile());
        }
    }

    private void report() {
        final LatencyHistogram calm = recorder.phase(FloodSchedule.CALM);
        final LatencyHistogram flood = recorder.phase(FloodSchedule.FLOOD);
        final double floodSeconds = schedule.floodTotal().toMillis() / 1000.0;
        final Map<String, Object> baseline = RunSummary.read(BaselineSimulation.NAME);
        final Object baselineLatency = baseline.get("latency");
        final String loadAtEnd = MachineLoad.loadAverage();
        final RunSummary summary = new RunSummary()
                .put("simulation", NAME)
                .put("loadAverageAtStart", loadAtStart)
                .put("loadAverageAtEnd", loadAtEnd)
                .put("organicRatePerSecond", rate)
                .put("shops", shops)
                .put("shopALimit", Map.of("requestsPerSecond", limit, "burst", burst, "maxConcurrent", maxConcurrent))
                .put("botRatePerSecond", botRate())
                .put("botAddresses", botAddresses.size())
                .put("visitorAddresses", visitorAddresses.size())
                .put("cycles", schedule.cycles())
                .put("calmSeconds", schedule.calm().toSeconds())
                .put("floodSeconds", schedule.flood().toSeconds())
                .put("organicOk", recorder.ok())
                .put("organicFailed", recorder.failed())
                .latency("othersCalm", calm)
                .latency("othersFlood", flood)
                .put("othersByWindow", perWindow())
                .put("botsSent", tally.sent())
                .put("botsAdmitted", tally.admitted())
                .put("botsAdmittedPerSecond", Math.round(tally.admitted() / floodSeconds * 100) / 100.0)
                .put("bots429", tally.tooManyRequests())
                .put("bots503", tally.unavailable())
                .put("botsOther", tally.other())
                .put("botsRejectedPercent", Math.round(tally.rejectedPercent() * 100) / 100.0)
                .put("botsRejectedByScope", tally.rejectedByScope())
                .put("warmUpBotsSent", warmUpTally.sent())
                .latency("botsAdmittedLatency", tally.admittedLatency())
                .latency("botsRejectedLatency", tally.rejectedLatency())
                .put("checks", checks.results());
        if (baselineLatency != null) {
            summary.put("lastBaselineSimulationLatency", baselineLatency);
        }
        final AccessLogStats log = accessLog;
        if (log != null) {
            final AccessLogStats.TimeSplit calmSplit =
                    log.timesExcept(SHOP_A, schedule::phaseAtEpochMillis, FloodSchedule.CALM);
            final AccessLogStats.TimeSplit floodSplit =
                    log.timesExcept(SHOP_A, schedule::phaseAtEpochMillis, FloodSchedule.FLOOD);
            summary.put("othersInGatewayCalm", calmSplit).put("othersInGatewayFlood", floodSplit);
            System.out.printf("[%s] other shops in the gateway's access log (where the time went):%n"
                              + "    calm:  %s%n    flood: %s%n", NAME, calmSplit, floodSplit);
        }
        System.out.printf("[%s] other shops: %d ok, %d failed; calm p50/p99 %d/%d ms (%d pages), flood p50/p99 %d/%d "
                          + "ms (%d pages)%n", NAME, recorder.ok(), recorder.failed(), calm.percentile(50),
                          calm.percentile(99), calm.count(), flood.percentile(50), flood.percentile(99), flood.count());
        System.out.printf("[%s] %s bots: %d sent, %d admitted (%.2f/s), %d x 429, %d x 503, %d other (%.2f%% rejected);"
                          + " rejections answered in p50/p99 %d/%d ms%n", NAME, SHOP_A, tally.sent(), tally.admitted(),
                          tally.admitted() / floodSeconds, tally.tooManyRequests(), tally.unavailable(), tally.other(),
                          tally.rejectedPercent(), tally.rejectedLatency().percentile(50),
                          tally.rejectedLatency().percentile(99));
        if (baselineLatency != null) {
            System.out.printf("[%s] for reference, the last BaselineSimulation run (1,000 shops, other conditions): %s%n",
                              NAME, baselineLatency);
        }
        System.out.printf("[%s] load average %s at the start, %s at the end -> %s%n", NAME, loadAtStart, loadAtEnd,
                          summary.write(NAME));
        checks.printSummary();
    }
}
