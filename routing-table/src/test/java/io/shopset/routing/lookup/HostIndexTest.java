package io.shopset.routing.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

/**
 * {@link HostIndex} against a {@link HashMap} over seeded random edits, with folds that finish at
 * once, late, or after a sibling index took another path; and its lookups allocate nothing, before
 * and after a fold.
 */
class HostIndexTest {

    /** An executor whose tasks run when the test says. */
    static final class ManualExecutor implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    @Test
    void editsMatchAMapWhateverWhenFoldsFinish() {
        for (long seed = 1; seed <= 6; seed++) {
            final Random rnd = new Random(seed);
            final ManualExecutor folds = new ManualExecutor();
            final Map<String, Integer> start = new HashMap<>();
            final int n = 1000 + rnd.nextInt(4000);
            for (int i = 0; i < n; i++) {
                start.put("host-" + i + ".example", i);
            }
            HostIndex<Integer> index = HostIndex.of(new HostTable<>(start), folds);
            final Map<String, Integer> ref = new HashMap<>(start);
            // Siblings: indexes made from an older one and then dropped, as a refused write's snapshot is.
            final List<HostIndex<Integer>> older = new ArrayList<>();
            int foldsRun = 0;
            for (int step = 0; step < 2000; step++) {
                final HostIndex.Edit<Integer> edit = index.edit();
                for (int k = rnd.nextInt(4); k >= 0; k--) {
                    final String key = "host-" + rnd.nextInt(n + n / 2) + ".example";
                    if (rnd.nextInt(3) == 0) {
                        edit.remove(key);
                        ref.remove(key);
                    } else {
                        final int v = rnd.nextInt();
                        edit.put(key, v);
                        ref.put(key, v);
                    }
                }
                if (rnd.nextInt(50) == 0 && !older.isEmpty()) {
                    // A sibling branch that folds first, then is abandoned.
                    final HostIndex<Integer> sibling = older.get(rnd.nextInt(older.size())).edit()
                            .put("sibling-only.example", -1).apply();
                    assertThat(sibling.get("sibling-only.example")).isEqualTo(-1);
                }
                if (rnd.nextInt(20) == 0) {
                    foldsRun += folds.tasks.size();
                    folds.runAll();
                }
                older.add(index);
                index = edit.apply();
                assertThat(index.size()).isEqualTo(ref.size());
                if (step % 100 == 0 || step == 1999) {
                    assertSame(index, ref, n);
                }
            }
            assertThat(foldsRun).as("folds happened").isPositive();
            assertThat(index.get("sibling-only.example")).isNull();
        }
    }

    @Test
    void aFoldThatRunsAtOnceKeepsTheOverlaySmall() {
        final Map<String, Integer> start = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            start.put("h" + i, i);
        }
        HostIndex<Integer> index = HostIndex.of(new HostTable<>(start), Runnable::run);
        for (int i = 0; i < 5_000; i++) {
            index = index.edit().put("h" + i, -i).apply();
        }
        assertThat(index.overlaySize()).isLessThanOrEqualTo(HostIndex.foldThreshold(10_000) + 1);
        assertThat(index.size()).isEqualTo(10_000);
        assertThat(index.get("H4999")).isEqualTo(-4999);
        assertThat(index.get("h5000")).isEqualTo(5000);
    }

    @Test
    void lookupsAllocateNothingWithAnOverlayAndAfterAFold() {
        final Map<String, String> start = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            start.put("www.shop-" + i + ".example", "s" + i);
        }
        final ManualExecutor folds = new ManualExecutor();
        HostIndex<String> index = HostIndex.of(new HostTable<>(start), folds);
        for (int i = 0; i < 2_000; i++) {
            index = index.edit().put("www.shop-" + i + ".example", "changed").remove("www.shop-" + (i + 10_000) + ".example")
                    .apply();
        }
        assertThat(index.overlaySize()).isPositive();
        assertThat(allocatedByLookups(index)).as("with an overlay").isZero();

        // The first fold took the overlay as it was when it passed the threshold; what changed since
        // stays in the overlay, which may start a second fold.
        int k = 0;
        while (!folds.tasks.isEmpty()) {
            folds.runAll();
            index = index.edit().put("www.new-" + k++ + ".example", "new").apply();
        }
        assertThat(k).isBetween(1, 3);
        assertThat(index.overlaySize()).as("moved onto the folded base").isEqualTo(1);
        assertThat(allocatedByLookups(index)).as("after a fold").isZero();
        assertThat(index.get("www.shop-1.example")).isEqualTo("changed");
        assertThat(index.get("www.shop-10001.example")).isNull();
        assertThat(index.get("www.shop-19999.example")).isEqualTo("s19999");
    }

    /**
     * Heap bytes this thread allocated over 200,000 lookups; the least of three runs, so that a
     * one-off allocation around the counter itself does not count.
     */
    private static long allocatedByLookups(HostIndex<String> index) {
        final StringBuilder[] hosts = new StringBuilder[64];
        for (int i = 0; i < hosts.length; i++) {
            hosts[i] = new StringBuilder("WWW.Shop-" + (i * 331) + ".Example:443");
        }
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int found = 0;
        // Warm up (compilation), then measure.
        for (int r = 0; r < 20_000; r++) {
            found += lookup(index, hosts[r & 63]);
        }
        long least = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            final long before = mx.getCurrentThreadAllocatedBytes();
            for (int r = 0; r < 200_000; r++) {
                found += lookup(index, hosts[r & 63]);
            }
            least = Math.min(least, mx.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(found).isPositive();
        return least;
    }

    private static int lookup(HostIndex<String> index, CharSequence host) {
        final long r = HostNormalizer.range(host);
        return index.get(host, HostNormalizer.start(r), HostNormalizer.end(r)) != null ? 1 : 0;
    }

    private static void assertSame(HostIndex<Integer> index, Map<String, Integer> ref, int n) {
        for (int i = 0; i < n + n / 2; i++) {
            final String key = "host-" + i + ".example";
            assertThat(index.get(key)).as(key).isEqualTo(ref.get(key));
        }
        final Map<String, Integer> all = new HashMap<>();
        index.forEach(all::put);
        assertThat(all).isEqualTo(ref);
    }
}
