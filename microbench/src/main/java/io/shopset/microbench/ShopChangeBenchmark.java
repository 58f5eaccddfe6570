package io.shopset.microbench;

import java.util.List;
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
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopChanges;
import io.shopset.routing.model.ShopList;

/**
 * One shop's change on a 1M-shop table, as the control path makes it: the next state edited from
 * the current one ({@link ShopList#with}), the delta between them ({@link ShopList#changesTo}, what
 * the Redis store publishes) and the next snapshot ({@link SnapshotBuilder#update}: the shop
 * validated, placed and edited into the previous snapshot's tables). Each invocation changes the
 * next shop (an explicit placement on and off) on top of the previous invocation's snapshot, so the
 * host tables' overlays grow and fold as they do in a gateway.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ShopChangeBenchmark {

    @Param("1000000")
    int shops;

    RoutingState state;
    RoutingSnapshot snapshot;
    int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        state = RoutingFixtures.state(shops);
        snapshot = SnapshotBuilder.build(state, 1);
    }

    @Benchmark
    public RoutingSnapshot changeOneShop() throws Exception {
        final int i = next;
        next = (int) ((next + 7919L) % shops);
        final Shop s = state.shopList().get(i);
        final List<String> placement = s.shopsets() == null
                ? List.of(RoutingFixtures.shopSetName(i % 3, 0), RoutingFixtures.shopSetName((i + 1) % 3, 0)) : null;
        final RoutingState changed = new RoutingState(state.platformDomains(), state.replicas(), state.tiers(),
                                                      state.failureDomains(), state.shopsets(),
                                                      state.shopList().with(new Shop(s.id(), s.hosts(), null, null,
                                                                                     placement, null, null)),
                                                      state.limits());
        final ShopChanges delta = state.shopList().changesTo(changed.shopList(), Integer.MAX_VALUE);
        final RoutingSnapshot updated = SnapshotBuilder.update(snapshot, changed, snapshot.version() + 1);
        if (updated == null || delta.size() != 1) {
            throw new IllegalStateException("not a one-shop update");
        }
        state = changed;
        snapshot = updated;
        return updated;
    }
}
