package io.shopset.microbench;

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

import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.build.SnapshotBuilder;
import io.shopset.routing.model.RoutingState;

/**
 * {@link SnapshotBuilder#build} for 1M shops with two hosts each (a custom domain and the platform
 * subdomain), half placed by the placer, half explicit: validation, placement, host tables. One
 * build per iteration (single-shot time), on a warmed JVM. Target: at most 2 s. The retained heap
 * of the result is measured by {@link SnapshotFootprint}, which also times a cold first build.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class SnapshotBuildBenchmark {

    @Param("1000000")
    int shops;

    RoutingState state;

    @Setup(Level.Trial)
    public void setUp() {
        state = RoutingFixtures.state(shops);
    }

    @Benchmark
    public RoutingSnapshot build() throws Exception {
        return SnapshotBuilder.build(state, 1);
    }
}
