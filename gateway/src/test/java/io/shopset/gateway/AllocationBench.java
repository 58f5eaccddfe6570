package io.shopset.gateway;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Not a test (surefire skips {@code *Bench}): heap bytes the gateway's event loops allocate per
 * proxied request (a keep-alive GET of a small page), from the JVM's per-thread allocation counters.
 * Run: {@code mvn -pl gateway test -Dtest=AllocationBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class AllocationBench {

    @Test
    void heapBytesPerProxiedRequest() throws Exception {
        try (GatewayHarness h = new GatewayHarness()) {
            final int clients = 4;
            run(h, clients, 20_000);
            final long before = workerAllocatedBytes();
            final int n = 50_000;
            run(h, clients, n);
            final long after = workerAllocatedBytes();
            System.out.printf("gateway event loops allocated %.0f bytes per proxied request (%d requests)%n",
                              (double) (after - before) / (clients * n), clients * n);
        }
    }

    private static void run(GatewayHarness h, int clients, int perClient) throws Exception {
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            final Thread th = new Thread(() -> {
                try (RawHttp c = h.connect()) {
                    for (int i = 0; i < perClient; i++) {
                        c.send(RawHttp.get("alpha.shops.test", "/healthz")).read();
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
    }

    private static long workerAllocatedBytes() {
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("shopset-worker")) {
                sum += mx.getThreadAllocatedBytes(t.getId());
            }
        }
        return sum;
    }
}
