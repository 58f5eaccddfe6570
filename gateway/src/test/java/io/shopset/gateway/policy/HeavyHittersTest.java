package io.shopset.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class HeavyHittersTest {

    @Test
    void findsTheBusiestShopsAmongManyMoreThanItTracks() {
        final HeavyHitters hh = new HeavyHitters();
        final Random r = new Random(42);
        // 20,000 shops seen once or twice each (far more than the table holds), and five heavy ones.
        for (int i = 0; i < 60_000; i++) {
            hh.count("tail-" + r.nextInt(20_000));
            if (i % 20 == 0) {
                hh.count("hot-" + (i / 20) % 5);
            }
            if (i % 100 == 0) {
                hh.count("hot-0");
            }
        }
        hh.publishNow();
        final List<HeavyHitters.ShopRate> top = hh.top(5);
        assertThat(top).extracting(HeavyHitters.ShopRate::shop)
                       .containsExactlyInAnyOrder("hot-0", "hot-1", "hot-2", "hot-3", "hot-4");
        assertThat(top.get(0).shop()).isEqualTo("hot-0");
        // hot-0: 600 + 600 = 1,200 requests; counts may err upwards by the evicted minimum only.
        assertThat(top.get(0).requestsPerSecond()).isBetween(1200.0, 1300.0);
    }
}
