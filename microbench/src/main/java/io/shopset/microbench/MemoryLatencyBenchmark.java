package io.shopset.microbench;

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

/**
 * The latency of one dependent memory access on this machine, the floor under a cold host lookup:
 * a pointer chase through one random cycle over an {@code int[]} of {@code ints} entries (Sattolo's
 * shuffle), so each load's address is the value of the load before and the CPU can neither overlap
 * nor predict them. With 64M entries (256 MB, past every cache the guest gets) nearly every step
 * is a DRAM access and a TLB miss, as a random lookup in a table of a million hosts is; with 1M
 * (4 MB, past L2, inside L3) the step is an L3 hit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class MemoryLatencyBenchmark {

    @Param({"1048576", "67108864"})
    int ints;

    int[] next;
    int at;

    @Setup(Level.Trial)
    public void setUp() {
        next = new int[ints];
        for (int i = 0; i < ints; i++) {
            next[i] = i;
        }
        final SplittableRandom r = new SplittableRandom(3);
        for (int i = ints - 1; i > 0; i--) {
            final int j = r.nextInt(i);
            final int t = next[i];
            next[i] = next[j];
            next[j] = t;
        }
    }

    /** One step of the chase: one dependent load. */
    @Benchmark
    public int dependentLoad() {
        return at = next[at];
    }
}
