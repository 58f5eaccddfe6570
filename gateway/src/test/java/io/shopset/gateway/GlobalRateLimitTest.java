package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.shopset.testkit.RedisServer;

/**
 * Two gateway instances sharing one real Redis hold a flooded shop's limit together, with real
 * sockets and distinct client addresses (127.0.0.x); Redis stopped mid-run means each enforces
 * limit ÷ 2 and no neighbour sees a 429 or 5xx; the global limit resumes when Redis is back.
 */
class GlobalRateLimitTest {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    /** alpha's limit: 20 req/s, burst 5. */
    static final double LIMIT = 20;
    static final long CATCH_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    final List<GatewayHarness> replicas = new ArrayList<>();
    final List<Thread> threads = new ArrayList<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    final Traffic one = new Traffic();
    final Traffic two = new Traffic();

    /** What one replica answered. */
    static final class Traffic {
        final AtomicLong alphaOk = new AtomicLong();
        final AtomicLong alpha429 = new AtomicLong();
        final AtomicLong alphaOther = new AtomicLong();
        final AtomicLong betaOk = new AtomicLong();
        final AtomicLong betaOther = new AtomicLong();

        long alphaOffered() {
            return alphaOk.get() + alpha429.get();
        }
    }

    @BeforeEach
    void startReplicas() throws Exception {
        redis.start();
        redis.flushAll();
        // A generous Redis timeout: the machine is shared and busy; a stopped Redis refuses at once anyway.
        final String extra = ThrottlingTest.limits(ThrottlingTest.OPEN, ThrottlingTest.OPEN, "") +
                             "rateLimit: {redis: \"" + redis.uri() + "\", syncInterval: 20ms, timeout: 1s}\n";
        for (int i = 0; i < 2; i++) {
            final GatewayHarness h = new GatewayHarness(extra);
            replicas.add(h);
            h.reload(ThrottlingTest.withAlphaLimits(h, extra, "{requestsPerSecond: 20, burst: 5}"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> replicas.stream().allMatch(h ->
                h.gateway.cluster().replicas() == 2 && !h.gateway.cluster().fallback()));
    }

    @AfterEach
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(20_000);
        }
        replicas.forEach(GatewayHarness::close);
        redis.start();
    }

    /**
     * {@code clients} clients flooding alpha through {@code h}, each from its own address at
     * {@code perClient} requests per second (paced by the clock, not by the answers; a client that
     * falls behind sends at once).
     */
    void flood(GatewayHarness h, Traffic t, int firstAddress, int clients, double perClient) {
        final long interval = (long) (1e9 / perClient);
        for (int c = 0; c < clients; c++) {
            final String from = "127.0.0." + (firstAddress + c);
            start(() -> {
                try (RawHttp http = new RawHttp(h.address(), from)) {
                    long next = System.nanoTime();
                    while (running.get()) {
                        final int s = http.send(RawHttp.get("alpha.shops.test", "/hot-product")).read().status();
                        (s == 200 ? t.alphaOk : s == 429 ? t.alpha429 : t.alphaOther).incrementAndGet();
                        next += interval;
                        final long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        } else if (wait < -CATCH_UP_NANOS) {
                            next = System.nanoTime();  // far behind (a slow start): no catch-up burst
                        }
                    }
                } catch (IOException e) {
                    t.alphaOther.incrementAndGet();
                }
            });
        }
    }

    /** A neighbour's steady traffic: one request to beta every 5 ms through {@code h}. */
    void steadyBeta(GatewayHarness h, Traffic t, String from) {
        start(() -> {
            try (RawHttp http = new RawHttp(h.address(), from)) {
                while (running.get()) {
                    final int s = http.send(RawHttp.get("beta.shops.test", "/")).read().status();
                    (s == 200 ? t.betaOk : t.betaOther).incrementAndGet();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            } catch (IOException e) {
                t.betaOther.incrementAndGet();
            }
        });
    }

    void start(Runnable r) {
        final Thread t = new Thread(r, "client-" + threads.size());
        threads.add(t);
        t.start();
    }

    /** alpha's admitted and offered requests per second at each replica over a window. */
    record Window(double ok1, double ok2, double offered1, double offered2) {

        double admitted() {
            return ok1 + ok2;
        }

        /** Replica one's part of the demand. */
        double demandShare1() {
            return offered1 / (offered1 + offered2);
        }
    }

    /** Measures alpha over the next {@code seconds}. */
    Window measure(double seconds) {
        final long a0 = one.alphaOk.get();
        final long b0 = two.alphaOk.get();
        final long oa0 = one.alphaOffered();
        final long ob0 = two.alphaOffered();
        final long t0 = System.nanoTime();
        await().atMost(Duration.ofSeconds((long) seconds + 5)).pollInterval(Duration.ofMillis(20))
               .until(() -> System.nanoTime() - t0 >= (long) (seconds * 1e9));
        final double elapsed = (System.nanoTime() - t0) / 1e9;
        final Window w = new Window((one.alphaOk.get() - a0) / elapsed, (two.alphaOk.get() - b0) / elapsed,
                                    (one.alphaOffered() - oa0) / elapsed, (two.alphaOffered() - ob0) / elapsed);
        System.out.printf("alpha: offered %.0f + %.0f req/s, admitted %.1f + %.1f = %.1f req/s (limit %.0f)%n",
                          w.offered1(), w.offered2(), w.ok1(), w.ok2(), w.admitted(), LIMIT);
        return w;
    }

    /** Lets shares settle (the demand's time constant is 0.5 s). */
    static void settle(Duration d) {
        final long t0 = System.nanoTime();
        await().atMost(d.plusSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> System.nanoTime() - t0 >= d.toNanos());
    }

    @Test
    void twoReplicasFloodedAt20TimesTheLimitAdmitTheLimitTogether() throws InterruptedException {
        final GatewayHarness a = replicas.get(0);
        final GatewayHarness b = replicas.get(1);
        // 2 x 4 clients at 60 req/s: 480 req/s offered, 24 times the limit (20 times at least, whatever the load).
        flood(a, one, 10, 4, 60);
        flood(b, two, 30, 4, 60);
        settle(Duration.ofMillis(1500));
        final Window w = measure(4);
        assertThat(w.offered1() + w.offered2()).as("the flood is at least 20x the limit").isGreaterThan(20 * LIMIT);
        assertThat(w.admitted()).as("admitted over both replicas").isBetween(0.9 * LIMIT, 1.1 * LIMIT);
        assertThat(w.ok1()).as("each replica admits its part").isBetween(0.3 * LIMIT, 0.7 * LIMIT);
        assertThat(one.alphaOther.get() + two.alphaOther.get()).isZero();
        // Stop the flood first: a 429 counted by the gateway may still be on its way to the client.
        running.set(false);
        for (Thread t : threads) {
            t.join(20_000);
        }
        assertThat(a.counter("shopset.throttled", "scope", "shop")).isEqualTo(one.alpha429.get());
        assertThat(b.counter("shopset.throttled", "scope", "shop")).isEqualTo(two.alpha429.get());
    }

    @Test
    void aReplicaThatStopsLeavesTheCountAtOnce() {
        final GatewayHarness a = replicas.get(0);
        replicas.remove(1).close();
        // Its heartbeat would count for 3 s more; it removed itself when it stopped.
        await().atMost(Duration.ofMillis(1500)).until(() -> a.gateway.cluster().replicas() == 1);
        assertThat(a.registry.find("shopset.ratelimit.replicas").gauge().value()).isEqualTo(1);
    }

    @Test
    void redisStoppedMidRunFallsBackToHalfTheLimitEachAndTheGlobalLimitResumes() {
        final GatewayHarness a = replicas.get(0);
        final GatewayHarness b = replicas.get(1);
        // 20x the limit, three quarters of it at the first replica: its share of the limit is larger.
        flood(a, one, 10, 6, 50);
        flood(b, two, 30, 2, 50);
        steadyBeta(a, one, "127.0.0.2");
        steadyBeta(b, two, "127.0.0.3");
        settle(Duration.ofMillis(1500));

        Window w = measure(3);
        assertThat(w.admitted()).as("global: the limit over both").isBetween(0.9 * LIMIT, 1.1 * LIMIT);
        assertThat(w.ok1() / LIMIT).as("global: replica one's part follows its part of the demand")
                                   .isBetween(w.demandShare1() - 0.1, w.demandShare1() + 0.1);
        assertThat(w.ok1()).isGreaterThan(0.6 * LIMIT);
        final double fallbacksBefore = a.counter("shopset.ratelimit.fallback");

        redis.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> a.gateway.cluster().fallback() && b.gateway.cluster().fallback());
        settle(Duration.ofMillis(300));
        w = measure(3);
        assertThat(w.ok1()).as("fallback: limit / 2 replicas").isBetween(0.45 * LIMIT, 0.55 * LIMIT);
        assertThat(w.ok2()).as("fallback: limit / 2 replicas").isBetween(0.45 * LIMIT, 0.55 * LIMIT);
        assertThat(a.counter("shopset.ratelimit.fallback")).isGreaterThan(fallbacksBefore);
        assertThat(b.counter("shopset.ratelimit.fallback")).isPositive();
        assertThat(a.registry.find("shopset.ratelimit.fallback.active").gauge().value()).isEqualTo(1);

        redis.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.gateway.cluster().fallback() && !b.gateway.cluster().fallback());
        settle(Duration.ofMillis(1000));
        w = measure(3);
        assertThat(w.admitted()).as("global again").isBetween(0.9 * LIMIT, 1.1 * LIMIT);
        assertThat(w.ok1() / LIMIT).as("global again: replica one's part follows its demand")
                                   .isBetween(w.demandShare1() - 0.1, w.demandShare1() + 0.1);
        assertThat(a.registry.find("shopset.ratelimit.fallback.active").gauge().value()).isZero();

        running.set(false);
        threads.forEach(t -> {
            try {
                t.join(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        System.out.printf("beta: %d + %d served, %d + %d refused or failed%n", one.betaOk.get(), two.betaOk.get(),
                          one.betaOther.get(), two.betaOther.get());
        assertThat(one.betaOther.get() + two.betaOther.get()).as("beta never throttled or failed").isZero();
        assertThat(one.betaOk.get()).isPositive();
        assertThat(two.betaOk.get()).isPositive();
        assertThat(one.alphaOther.get() + two.alphaOther.get()).as("alpha: only 200 or 429").isZero();
        assertThat(a.counter("shopset.throttled", "scope", "client") + b.counter("shopset.throttled", "scope", "client"))
                .isZero();
    }
}
