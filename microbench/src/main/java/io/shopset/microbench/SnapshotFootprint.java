package io.shopset.microbench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.management.ObjectName;

import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.build.SnapshotBuilder;
import io.shopset.routing.model.RoutingState;

/**
 * The retained heap of a routing snapshot of 1M shops (two hosts each), and the time of a cold and
 * of warmed builds. A plain program rather than a JMH benchmark: a footprint is one measurement of
 * a live object graph, not a rate.
 *
 * <p>Method: full GCs, heap used (MemoryMXBean); build the state; full GCs, heap used; build the
 * snapshot holding a reference; full GCs, heap used. The differences are the state's and the
 * snapshot's own retained heap. The snapshot also holds the state it was built from (every gateway
 * keeps it for the admin views and the stores), so the figure against the 300 MB target is
 * state + snapshot. With {@code --histogram}, the classes that make up the state and the snapshot's
 * own share (before/after diffs of the JVM's class histogram).
 *
 * <pre>java -Xms4g -Xmx4g -cp microbench/target/benchmarks.jar io.shopset.microbench.SnapshotFootprint [shops] [--histogram]</pre>
 */
public final class SnapshotFootprint {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private SnapshotFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int shops = 1_000_000;
        boolean histogram = false;
        for (String a : args) {
            if (a.equals("--histogram")) {
                histogram = true;
            } else {
                shops = Integer.parseInt(a);
            }
        }
        final long base = usedAfterGc();
        final Map<String, long[]> empty = histogram ? histogram() : Map.of();
        final RoutingState state = RoutingFixtures.state(shops);
        final long withState = usedAfterGc();
        final Map<String, long[]> before = histogram ? histogram() : Map.of();

        long t0 = System.nanoTime();
        long c0 = THREADS.getCurrentThreadCpuTime();
        final RoutingSnapshot snapshot = SnapshotBuilder.build(state, 1);
        final String cold = millis(t0, c0);
        final long withSnapshot = usedAfterGc();
        final Map<String, long[]> after = histogram ? histogram() : Map.of();

        final List<String> warm = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            t0 = System.nanoTime();
            c0 = THREADS.getCurrentThreadCpuTime();
            final RoutingSnapshot again = SnapshotBuilder.build(state, 2 + i);
            warm.add(millis(t0, c0));
            if (again.shopCount() != shops) {
                throw new IllegalStateException("lost shops");
            }
        }

        System.out.printf("shops: %,d (hosts: %,d)%n", snapshot.shopCount(), 2L * snapshot.shopCount());
        System.out.printf("build, cold (first in this JVM): %s (wall / CPU of the building thread)%n", cold);
        System.out.printf("build, warm (next three):        %s%n", String.join(", ", warm));
        System.out.printf("retained heap, state (input):    %,.1f MB%n", mb(withState - base));
        System.out.printf("retained heap, snapshot's own:   %,.1f MB%n", mb(withSnapshot - withState));
        System.out.printf("retained heap, state + snapshot: %,.1f MB (%,d B per shop)%n", mb(withSnapshot - base),
                          (withSnapshot - base) / shops);
        if (histogram) {
            printDiff("the state's heap by class (top 12):", empty, before);
            printDiff("snapshot's own heap by class (top 12):", before, after);
        }
        // Keep both reachable until every measurement above is taken.
        if (state.shops().size() != snapshot.shopCount()) {
            throw new IllegalStateException("unreachable");
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static String millis(long wallStart, long cpuStart) {
        return String.format("%,d / %,d ms", (System.nanoTime() - wallStart) / 1_000_000,
                             (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1_000_000);
    }

    private static double mb(long bytes) {
        return bytes / 1e6;
    }

    /** The live heap by class ({@code jcmd GC.class_histogram}: instances and bytes); runs a full GC. */
    private static Map<String, long[]> histogram() throws Exception {
        final String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        final Map<String, long[]> out = new HashMap<>();
        for (String line : text.split("\n")) {
            final String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                out.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return out;
    }

    private static void printDiff(String title, Map<String, long[]> before, Map<String, long[]> after) {
        final List<Map.Entry<String, long[]>> diff = new ArrayList<>();
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            final long[] b = before.getOrDefault(e.getKey(), new long[2]);
            diff.add(Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]}));
        }
        diff.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
        System.out.println(title);
        System.out.printf("  %14s %12s  %s%n", "instances", "MB", "class");
        for (Map.Entry<String, long[]> e : diff.subList(0, Math.min(12, diff.size()))) {
            System.out.printf("  %,14d %12.1f  %s%n", e.getValue()[0], mb(e.getValue()[1]), e.getKey());
        }
    }
}
