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
import org.openjdk.jmh.annotations.Warmup;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.build.SnapshotBuilder;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;

/**
 * {@link RoutingSnapshot#resolve(CharSequence)} in a table of 1M hosts (500k shops, each with a
 * custom domain and its {@code {id}.shops.example.net} subdomain). Target: at most 100 ns/op and
 * 0 B/op ({@code -prof gc}: {@code gc.alloc.rate.norm}).
 *
 * <p>Each operation resolves the next of {@value #QUERIES} Host values drawn at random from
 * {@code distinct} shops: with 500,000, from the whole table, so nearly every lookup misses the CPU
 * caches (the two host tables alone are 12 MB each, the keys they point to about 65 MB): the worst case,
 * a gateway whose traffic is spread evenly over every shop. With 1,024, the shops' entries stay in
 * cache: the cost of the lookup's own work, and closer to real traffic, where a few hot shops take
 * most requests.
 *
 * <ul>
 *   <li>{@code customHost}: {@code www.brand-N.example.com}, as browsers send it (lower case);</li>
 *   <li>{@code platformHost}: {@code Shop-N.Shops.Example.NET:8443}: mixed case and a port, which
 *       misses the exact table and is found by the id under the platform domain;</li>
 *   <li>{@code miss}: unknown hosts, half custom-looking, half unknown ids under the platform
 *       domain (which probe both tables).</li>
 * </ul>
 *
 * <p>Back-to-back lookups are independent, so the CPU overlaps one's cache misses with the next's:
 * with cold caches the scores above are a throughput. In the gateway a lookup sits between much
 * other work, so each pays its misses in full. The {@code *Chained} variants measure that latency:
 * the next query's index depends on the route just found (as the request goes on to read it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HostLookupBenchmark {

    static final int QUERIES = 1 << 14;

    @Param("500000")
    int shops;

    /** How many shops the queries are drawn from. */
    @Param({"500000", "1024"})
    int distinct;

    /**
     * How many single-shop changes the snapshot went through after its build ({@code -p changed=1000}):
     * each leaves the shop's id and custom host in the host tables' overlays, which every lookup
     * probes first. 1,000 is about the most an overlay holds before it is folded into its base.
     */
    @Param("0")
    int changed;

    RoutingSnapshot snapshot;
    final String[] custom = new String[QUERIES];
    final String[] platform = new String[QUERIES];
    final String[] misses = new String[QUERIES];

    /** The position in the query arrays; one per thread. */
    @State(Scope.Thread)
    public static class Cursor {
        int i;

        int next() {
            return i = (i + 1) & (QUERIES - 1);
        }

        /** Moves on by 1 or 2 depending on the route's hash: the next lookup waits for this one. */
        long chain(@Nullable ShopRoute route) {
            final long h = route == null ? 0 : route.hash();
            i = (int) (i + 1 + (h & 1)) & (QUERIES - 1);
            return h;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        RoutingState state = RoutingFixtures.state(shops);
        snapshot = SnapshotBuilder.build(state, 1);
        final SplittableRandom edits = new SplittableRandom(7);
        for (int c = 0; c < changed; c++) {
            final Shop s = state.shopList().get(edits.nextInt(shops));
            final List<String> placement = s.shopsets() == null
                    ? List.of(RoutingFixtures.shopSetName(0, 1), RoutingFixtures.shopSetName(1, 1)) : null;
            state = new RoutingState(state.platformDomains(), state.replicas(), state.tiers(), state.failureDomains(),
                                     state.shopsets(), state.shopList().with(new Shop(s.id(), s.hosts(), null, null,
                                                                                      placement, null, null)),
                                     state.limits());
            snapshot = SnapshotBuilder.update(snapshot, state, snapshot.version() + 1);
        }
        final SplittableRandom r = new SplittableRandom(42);
        final int[] pool = new int[Math.min(distinct, shops)];
        for (int k = 0; k < pool.length; k++) {
            pool[k] = pool.length == shops ? k : r.nextInt(shops);
        }
        for (int q = 0; q < QUERIES; q++) {
            final int i = pool[r.nextInt(pool.length)];
            custom[q] = RoutingFixtures.customHost(i);
            platform[q] = "Shop-" + pool[r.nextInt(pool.length)] + ".Shops.Example.NET:8443";
            misses[q] = (q & 1) == 0 ? "www.nobrand-" + i + ".example.com" : "shop-x" + i + '.' + RoutingFixtures.PLATFORM_DOMAIN;
        }
        // Fail fast if the fixture and the lookup disagree, rather than benchmark the wrong path.
        for (int q = 0; q < QUERIES; q++) {
            if (snapshot.resolve(custom[q]) == null || snapshot.resolve(platform[q]) == null
                || snapshot.resolve(misses[q]) != null) {
                throw new IllegalStateException("fixture broken at query " + q);
            }
        }
    }

    @Benchmark
    public @Nullable ShopRoute customHost(Cursor c) {
        return snapshot.resolve(custom[c.next()]);
    }

    @Benchmark
    public @Nullable ShopRoute platformHost(Cursor c) {
        return snapshot.resolve(platform[c.next()]);
    }

    @Benchmark
    public long customHostChained(Cursor c) {
        return c.chain(snapshot.resolve(custom[c.i]));
    }

    @Benchmark
    public long platformHostChained(Cursor c) {
        return c.chain(snapshot.resolve(platform[c.i]));
    }

    @Benchmark
    public @Nullable ShopRoute miss(Cursor c) {
        return snapshot.resolve(misses[c.next()]);
    }
}
