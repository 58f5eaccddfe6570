package io.shopset.microbench;

import java.time.Duration;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Warmup;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopset.gateway.Ticker;
import io.shopset.gateway.health.HealthRegistry;
import io.shopset.gateway.lb.EndpointPicker;
import io.shopset.gateway.metrics.GatewayMetrics;
import io.shopset.gateway.select.Backend;
import io.shopset.gateway.select.BackendFactory;
import io.shopset.gateway.select.ShopSetBreakers;
import io.shopset.routing.config.CircuitBreakerSettings;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.LoadBalancing;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.place.Hashing;

/**
 * {@link EndpointPicker#pick} on one ShopSet of 4 or 32 endpoints, for each load-balancing policy,
 * with the backend built as the resolver builds it ({@link BackendFactory}). Every endpoint is
 * healthy and warm, with 0–3 requests in flight (so shop-hash's bounded-load check sometimes
 * spills); each operation picks for the next of 1,024 shops. No exclusions (a first attempt).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EndpointPickBenchmark {

    static final int SHOPS = 1024;

    @Param({"4", "32"})
    int endpoints;

    @Param({"SHOP_HASH", "ROUND_ROBIN", "LEAST_REQUEST"})
    LoadBalancing loadBalancing;

    Backend backend;
    final long[] shopHashes = new long[SHOPS];
    long now;

    @State(Scope.Thread)
    public static class Cursor {
        int i;

        int next() {
            return i = (i + 1) & (SHOPS - 1);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        final Ticker ticker = Ticker.SYSTEM;
        final BackendFactory factory = new BackendFactory(
                new HealthRegistry(ticker), new ShopSetBreakers(CircuitBreakerSettings.DEFAULT, ticker),
                new GatewayMetrics(new SimpleMeterRegistry())::shopSet);
        final List<Endpoint> eps = new ArrayList<>();
        for (int i = 0; i < endpoints; i++) {
            eps.add(new Endpoint("10.0." + (i / 250) + '.' + (i % 250 + 1), 8080));
        }
        backend = factory.create(new ShopSet("prod-a1", "prod", "production", "dc-a", false, eps, null, 1.0, false,
                                             loadBalancing, Duration.ZERO));
        final SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < endpoints; i++) {
            for (int k = r.nextInt(4); k > 0; k--) {
                backend.state(i).requestStarted();
            }
        }
        for (int i = 0; i < SHOPS; i++) {
            final String id = RoutingFixtures.shopId(i);
            shopHashes[i] = Hashing.hash64(id, 0, id.length());
        }
        now = ticker.nanos();
    }

    @Benchmark
    public int pick(Cursor c) {
        return EndpointPicker.pick(backend, shopHashes[c.next()], 0L, now);
    }
}
