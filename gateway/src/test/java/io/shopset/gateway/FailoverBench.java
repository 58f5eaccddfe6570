package io.shopset.gateway;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Not a test (surefire skips {@code *Bench}): measures failover time when a whole ShopSet dies
 * under load, over several runs. Run it with
 * {@code mvn -pl gateway test -Dtest=FailoverBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class FailoverBench {

    @Test
    void failoverTimeWhenAShopSetDies() throws Exception {
        final int runs = Integer.getInteger("runs", 20);
        final List<Double> times = new ArrayList<>();
        int failed = 0;
        int served = 0;
        for (int run = 0; run < runs; run++) {
            try (GatewayHarness h = new GatewayHarness(FailoverTest.RETRIES);
                 FailoverTest.Load load = new FailoverTest.Load(h, "alpha.shops.test", 8)) {
                load.awaitServed(200);
                final long killedAt = System.nanoTime();
                h.a1.close();
                h.a2.close();
                await().atMost(Duration.ofSeconds(10)).until(() -> load.firstSeen.containsKey("prod-b"));
                times.add((load.firstSeen.get("prod-b") - killedAt) / 1e6);
                final int at = load.served.get();
                load.awaitServed(at + 500);
                load.stop();
                failed += load.failures.size();
                load.failures.forEach(f -> System.out.println("failure: " + f));
                served += load.served.get();
            }
        }
        Collections.sort(times);
        System.out.printf("failover over %d runs (8 clients): p50 %.1f ms, p99 %.1f ms, max %.1f ms; " +
                          "%d failed of %d requests%n", runs, times.get(runs / 2),
                          times.get(Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)), times.get(runs - 1),
                          failed, served + failed);
    }
}
