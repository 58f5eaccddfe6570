package io.shopset.loadtest.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

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
import io.shopset.loadtest.scenarios.Storefront;
import io.shopset.routing.model.LoadBalancing;

/**
 * A ShopSet is lost mid-run: every pod of {@code prod-a1} (failure domain {@code dc-a}) is killed —
 * listeners and connections closed — {@code loadtest.killAt} (15 s) into the measured traffic. The
 * gateway retries a refused connection on the shop's next pod, then on the next ShopSet of its
 * placement, which is in the other failure domain.
 *
 * <p>Asserts: failed requests under {@code loadtest.maxFailedPercent} (0.1%), and that every page is
 * served where the placement says — its first ShopSet, and after the kill, for the shops whose first
 * ShopSet was {@code prod-a1}, their second one in {@code dc-b} (a 1 s grace after the kill allows
 * either, for requests in flight). Prints the traffic per failure domain over time, how long after
 * the kill the first moved page and the last failure came, and writes
 * {@code target/loadtest/failover-summary.json}.
 *
 * <p>Requests are named {@code page before kill} and {@code page after kill}, in groups
 * {@code shops on prod-a1} and {@code other shops}, so the report shows each part. Needs the
 * in-process platform (it kills pods): {@code -Dgateway.url} is refused.
 */
public final class FailoverSimulation extends Simulation {

    static final String NAME = "failover";
    private static final String KILL = "kill";
    private static final String MOVED = "first page of an affected shop from the other failure domain";
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final int shops = Settings.integer("loadtest.shops", 1000);
    private final int rate = Settings.integer("loadtest.rate", 300);
    private final Duration duration = Settings.duration("loadtest.duration", Duration.ofSeconds(40));
    private final Duration killAt = Settings.duration("loadtest.killAt", Duration.ofSeconds(15));
    private final Duration rampUp = Settings.duration("loadtest.rampUp", Duration.ofSeconds(5));
    private final double maxFailedPercent = Settings.decimal("loadtest.maxFailedPercent", 0.1);
    private final String victim = Settings.string("loadtest.killShopSet", "prod-a1");
    private final Topology topology = Topology.twoDomains(2, 2, shops, LoadBalancing.SHOP_HASH);
    private final LoadTarget target = LoadTarget.forSimulation(NAME);
    private final TrafficRecorder recorder = new TrafficRecorder();
    private final TrafficRecorder affected = new TrafficRecorder();
    private final Chaos chaos = new Chaos(recorder);
    private final LongAdder movedPages = new LongAdder();
    private volatile LocalPlatform.@Nullable Placement placement;
    private volatile long killNanos = Long.MAX_VALUE;

    private final ScenarioBuilder warmUp =
            scenario("warm-up")
                    .feed(ZipfShopFeeder.of(shops, 1.0))
                    .exec(Storefront.page(s -> Storefront.WARM_UP, s -> Storefront.WARM_UP, this::problem, recorder));
    private final ScenarioBuilder visitors =
            scenario("organic visitors")
                    .feed(ZipfShopFeeder.of(shops, 1.0))
                    .exec(group(s -> isAffected(s) ? "shops on " + victim : "other shops")
                                  .on(Storefront.page(this::requestName, this::requestName, this::problem,
                                                      recorder)
                                              .exec(this::recordAffected)));
    private final ScenarioBuilder disaster =
            scenario("ShopSet loss")
                    .pause(killAt)
                    .exec(session -> {
                        chaos.submit(KILL + " every pod of " + victim, () -> {
                            killNanos = System.nanoTime();
                            affected.noteFirst(KILL);
                            target.platform().killShopSet(victim);
                        });
                        return session;
                    });

    {
        setUp(warmUp.injectOpen(rampUsersPerSec(1).to(rate).during(rampUp))
                    .andThen(visitors.injectOpen(constantUsersPerSec(rate).during(duration)),
                             disaster.injectOpen(atOnceUsers(1))))
                .protocols(Storefront.protocol(target))
                .assertions(global().failedRequests().percent().lt(maxFailedPercent));
    }

    @Override
    public void before() {
        if (!target.isLocal()) {
            throw new IllegalStateException(NAME + " kills stub pods: run it without -D" + Settings.GATEWAY_URL);
        }
        target.start(topology, PodBehaviour.fromSettings());
        final LocalPlatform.Placement p = target.platform().placement();
        placement = p;
        System.out.printf("[%s] %d visitors/s for %s; %s (%s) is killed at %s; %d of %d shops have it first%n",
                          NAME, rate, duration, victim, topology.shopSet(victim).failureDomain(), killAt,
                          p.primaries(victim), shops);
        recorder.start();
        affected.start();
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

    private String requestName(Session session) {
        return System.nanoTime() < killNanos ? "page before kill" : "page after kill";
    }

    private boolean isAffected(Session session) {
        final LocalPlatform.Placement p = placement;
        return p != null && p.primary(session.getString(Storefront.HOST)).equals(victim);
    }

    /** The shop's first ShopSet; after the kill (and its grace), the second one for the victim's shops. */
    private @Nullable String problem(String host, String shopSet) {
        final LocalPlatform.Placement p = placement;
        if (p == null) {
            return null;
        }
        final List<String> candidates = p.candidates(host);
        final long sinceKill = System.nanoTime() - killNanos;
        if (!candidates.get(0).equals(victim) || sinceKill < 0) {
            return candidates.get(0).equals(shopSet) ? null
                    : host + " answered by " + shopSet + ", expected " + candidates.get(0);
        }
        final String fallback = candidates.size() > 1 ? candidates.get(1) : "(none)";
        if (shopSet.equals(fallback) || sinceKill < GRACE.toNanos() && shopSet.equals(victim)) {
            return null;
        }
        return host + " answered by " + shopSet + " after " + victim + " was killed, expected " + fallback;
    }

    private Session recordAffected(Session session) {
        if (!isAffected(session)) {
            return session;
        }
        final String shopSet = session.getString(Storefront.SHOPSET);
        affected.record(requestName(session), session.getIntegerWrapper(Storefront.RESPONSE_MILLIS), shopSet,
                        !session.isFailed());
        if (shopSet != null && !shopSet.equals(victim) && System.nanoTime() >= killNanos) {
            affected.noteFirst(MOVED);
            movedPages.increment();
        }
        return session;
    }

    private void report() {
        final LocalPlatform.Placement p = target.platform().placement();
        final long moveMs = affected.millisBetweenFirst(KILL, MOVED);
        final long lastFailureMs = recorder.millisFromFirstToLast(KILL + " every pod of " + victim, "failure");
        System.out.printf("[%s] %d ok, %d failed (%.3f%%); kill at %.1f s; first moved page %d ms after the kill; "
                          + "last failure %s; %d pages of %s's shops served by the other failure domain%n",
                          NAME, recorder.ok(), recorder.failed(), recorder.failedPercent(),
                          recorder.secondsAt(KILL + " every pod of " + victim), moveMs,
                          lastFailureMs < 0 ? "none after the kill" : lastFailureMs + " ms after the kill",
                          movedPages.sum(), victim);
        System.out.println("[" + NAME + "] all pages per failure domain, 5 s buckets (seconds since the warm-up began):");
        recorder.timeline(5, p::domainOf).forEach(row -> System.out.println("    " + row));
        System.out.println("[" + NAME + "] pages of the shops on " + victim + " per ShopSet:");
        affected.timeline(5, s -> s).forEach(row -> System.out.println("    " + row));
        final LatencyHistogram before = recorder.phase("page before kill");
        final LatencyHistogram after = recorder.phase("page after kill");
        final RunSummary summary = new RunSummary()
                .put("simulation", NAME)
                .put("ratePerSecond", rate)
                .put("killed", victim)
                .put("killedFailureDomain", topology.shopSet(victim).failureDomain())
                .put("killAtSeconds", recorder.secondsAt(KILL + " every pod of " + victim))
                .put("ok", recorder.ok())
                .put("failed", recorder.failed())
                .put("failedPercent", Math.round(recorder.failedPercent() * 1000) / 1000.0)
                .put("firstMovedPageMsAfterKill", moveMs)
                .put("lastFailureMsAfterKill", lastFailureMs)
                .put("movedPages", movedPages.sum())
                .latency("beforeKill", before)
                .latency("afterKill", after)
                .put("timelineByFailureDomain", recorder.timeline(5, p::domainOf))
                .put("affectedShopsTimelineByShopSet", affected.timeline(5, s -> s));
        System.out.printf("[%s] before kill p50 %d / p99 %d ms; after kill p50 %d / p99 %d ms -> %s%n", NAME,
                          before.percentile(50), before.percentile(99), after.percentile(50), after.percentile(99),
                          summary.write(NAME));
        if (movedPages.sum() == 0) {
            throw new AssertionError("no page of " + victim + "'s shops was served by the other failure domain");
        }
    }
}
