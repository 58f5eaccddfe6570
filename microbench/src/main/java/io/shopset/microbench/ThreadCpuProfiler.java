package io.shopset.microbench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler for a shared, busy machine: the CPU time the benchmark's worker threads actually
 * ran per operation ({@code cpu.time.norm}), next to the wall-clock score, and the share of a CPU
 * each worker got ({@code cpu.share}). When other processes keep the cores busy, wall-clock ns/op
 * also counts the time a worker waited for a core; CPU ns/op does not (it still counts what sharing
 * costs: a neighbour's cache pollution, a busy sibling hyperthread).
 *
 * <pre>java -jar benchmarks.jar ... -prof io.shopset.microbench.ThreadCpuProfiler</pre>
 *
 * <p>Per iteration: worker threads ({@code *-jmh-worker-*}) CPU time, from the platform thread MXBean,
 * divided by every operation the iteration ran (JMH's {@code allOps}, which includes the few run
 * while the workers synchronise start and stop: an approximation to within a fraction of a percent).
 */
public final class ThreadCpuProfiler implements InternalProfiler {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> before = new HashMap<>();
    private long wallBefore;

    @Override
    public String getDescription() {
        return "CPU time of the benchmark threads per operation (thread MXBean)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before.clear();
        workerCpu(before);
        wallBefore = System.nanoTime();
    }

    @Override
    public List<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                  IterationResult result) {
        final long wall = System.nanoTime() - wallBefore;
        final Map<Long, Long> after = new HashMap<>();
        workerCpu(after);
        long cpu = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            cpu += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        final long ops = result.getMetadata().getAllOps();
        final int threads = Math.max(1, after.size());
        return List.of(new ScalarResult("cpu.time.norm", ops == 0 ? Double.NaN : (double) cpu / ops, "ns/op",
                                        AggregationPolicy.AVG),
                       new ScalarResult("cpu.share", wall == 0 ? Double.NaN : (double) cpu / wall / threads, "cpu",
                                        AggregationPolicy.AVG));
    }

    private static void workerCpu(Map<Long, Long> out) {
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null && t.getThreadName().contains("-jmh-worker-")) {
                final long cpu = THREADS.getThreadCpuTime(t.getThreadId());
                if (cpu >= 0) {
                    out.put(t.getThreadId(), cpu);
                }
            }
        }
    }
}
