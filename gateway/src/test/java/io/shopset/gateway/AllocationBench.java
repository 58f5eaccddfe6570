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

    /** What a browser sends for a page over HTTP/1.1 (Chrome's fields, shortened values). */
    private static final String BROWSER_FIELDS =
            "Connection: keep-alive\r\nsec-ch-ua: \"Chromium\";v=\"130\"\r\nsec-ch-ua-mobile: ?0\r\n"
            + "sec-ch-ua-platform: \"Linux\"\r\nUpgrade-Insecure-Requests: 1\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0\r\n"
            + "Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.8\r\nSec-Fetch-Site: none\r\n"
            + "Sec-Fetch-Mode: navigate\r\nSec-Fetch-User: ?1\r\nSec-Fetch-Dest: document\r\n"
            + "Accept-Encoding: gzip, deflate, br\r\nAccept-Language: de-DE,de;q=0.9\r\nCookie: cart=3f9a\r\n";

    @Test
    void heapBytesPerProxiedRequest() throws Exception {
        measure("GET /healthz HTTP/1.1\r\nHost: alpha.shops.test\r\n\r\n", "a request with only Host");
    }

    @Test
    void heapBytesPerBrowserRequest() throws Exception {
        measure("GET /healthz HTTP/1.1\r\nHost: alpha.shops.test\r\n" + BROWSER_FIELDS + "\r\n",
                "a browser's request (15 fields)");
    }

    private static void measure(String request, String what) throws Exception {
        try (GatewayHarness h = new GatewayHarness()) {
            final int clients = 4;
            run(h, clients, 20_000, request);
            final long before = workerAllocatedBytes();
            final int n = 50_000;
            run(h, clients, n, request);
            final long after = workerAllocatedBytes();
            System.out.printf("gateway event loops allocated %.0f bytes per proxied request, %s (%d requests)%n",
                              (double) (after - before) / (clients * n), what, clients * n);
        }
    }

    private static void run(GatewayHarness h, int clients, int perClient, String request) throws Exception {
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            final Thread th = new Thread(() -> {
                try (RawHttp c = h.connect()) {
                    for (int i = 0; i < perClient; i++) {
                        c.send(request).read();
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
