package io.shopset.microbench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopset.gateway.Ticker;
import io.shopset.gateway.metrics.ThrottleMeters;
import io.shopset.gateway.policy.ClientIdentity;
import io.shopset.gateway.policy.HeavyHitters;
import io.shopset.gateway.policy.TenantThrottle;
import io.shopset.gateway.policy.ThrottleResult;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.model.DefaultLimits;
import io.shopset.routing.model.Limits;
import io.shopset.routing.place.Hashing;

/**
 * {@link TenantThrottle#check} for an allowed request that passes every step: the client's limit
 * for the shop, its limit across shops, the shop's rate and a shop concurrency slot, which is given
 * back at once ({@link ThrottleResult#release()}), as the exchange's end would. Target: at most
 * 100 ns/op and 0 B/op.
 *
 * <p>The worker thread is a Netty {@code FastThreadLocalThread}, as an event loop is
 * ({@link EventLoopLikeExecutor}). The throttle is the gateway's ({@code 1 << 21} client slots, the system ticker, its meters on
 * a {@link SimpleMeterRegistry}, heavy-hitter counting on). Requests cycle over 256 shops and
 * {@code clients} clients: 16 keep the touched part of the client table in cache; 4,096 make a
 * million client-shop keys, half of the 32 MB table, so most operations miss the CPU caches. The
 * limits are high enough that no request is ever refused, so every operation takes the whole
 * allowed path. Setup sends every (client, shop) pair once, so the measurement is the steady state
 * (a shop's first request creates its limiter and heavy-hitter entry; a pair's, its table slot).
 *
 * <p>{@code allowed} calls the throttle as {@code ProxyFrontendHandler} does: with the
 * {@code System.nanoTime()} the handler reads at the request's start for its own timing, so the
 * decision reads no clock. Here that time is read once per iteration (never going back) and moved
 * on by 100 ns per operation (the requests of a real event loop are microseconds apart; any pace
 * that never goes back keeps every request allowed, which each iteration checks). {@code allowedReadingClock} is the form without a time, the throttle reading its
 * ticker: the figure before the handler passed its time in.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Djmh.executor=CUSTOM",
                               "-Djmh.executor.class=io.shopset.microbench.EventLoopLikeExecutor"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ThrottleDecisionBenchmark {

    static final int SHOPS = 256;

    /** Distinct clients (a power of two): 16 keeps the client table in cache, 4096 (1M client-shop pairs) does not. */
    @Param({"16", "4096"})
    int clients;

    TenantThrottle throttle;
    DefaultLimits defaults;
    final ShopRoute[] routes = new ShopRoute[SHOPS];
    long[] clientKeys;

    /** One per thread, as the gateway keeps one result per client connection. */
    @State(Scope.Thread)
    public static class Connection {
        final ThrottleResult result = new ThrottleResult();
        int i;
        long requestStart;
        long refused;

        /** Never backwards: a time behind the buckets' would refuse requests and time the refusal. */
        @Setup(Level.Iteration)
        public void clock() {
            requestStart = Math.max(requestStart, System.nanoTime());
        }

        /** Fails the run if any request was refused: the benchmark measures the allowed path only. */
        @TearDown(Level.Iteration)
        public void allAllowed() {
            if (refused != 0) {
                throw new IllegalStateException(refused + " requests refused; the figure is not the allowed path");
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        throttle = new TenantThrottle(1 << 21, Ticker.SYSTEM, new ThrottleMeters(new SimpleMeterRegistry()),
                                      new HeavyHitters());
        // 1e9 req/s: an emission interval of 1 ns, far below the time an operation takes.
        final Limits shop = new Limits(1e9, 1_000_000, 10_000, false);
        defaults = new DefaultLimits(shop, new Limits(1e9, 1_000_000, null), new Limits(1e9, 1_000_000, null));
        for (int s = 0; s < SHOPS; s++) {
            final String id = RoutingFixtures.shopId(s);
            routes[s] = new ShopRoute(id, "production", "prod", List.of(), false, shop, Hashing.hash64(id, 0, id.length()));
        }
        final SplittableRandom r = new SplittableRandom(11);
        clientKeys = new long[clients];
        for (int c = 0; c < clients; c++) {
            final byte[] v4 = {10, (byte) r.nextInt(256), (byte) r.nextInt(256), (byte) r.nextInt(256)};
            clientKeys[c] = ClientIdentity.key(v4);
        }
        final ThrottleResult out = new ThrottleResult();
        for (int c = 0; c < clients; c++) {
            for (int s = 0; s < SHOPS; s++) {
                if (!throttle.check(routes[s], defaults, clientKeys[c], false, out)) {
                    throw new IllegalStateException("refused in setup: " + out.scope());
                }
                out.release();
            }
        }
    }

    @Benchmark
    public boolean allowed(Connection conn) {
        final int i = conn.i++;
        final ThrottleResult out = conn.result;
        final long start = conn.requestStart += 100;
        final boolean ok = throttle.check(routes[i & (SHOPS - 1)], defaults, clientKeys[(i >>> 8) & (clients - 1)],
                                          false, start, out);
        out.release();
        if (!ok) {
            conn.refused++;
        }
        return ok;
    }

    @Benchmark
    public boolean allowedReadingClock(Connection conn) {
        final int i = conn.i++;
        final ThrottleResult out = conn.result;
        final boolean ok = throttle.check(routes[i & (SHOPS - 1)], defaults, clientKeys[(i >>> 8) & (clients - 1)],
                                          false, out);
        out.release();
        if (!ok) {
            conn.refused++;
        }
        return ok;
    }
}
