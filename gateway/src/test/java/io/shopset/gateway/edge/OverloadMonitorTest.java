package io.shopset.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.shopset.routing.config.OverloadSettings;

/** {@link OverloadMonitor}: thresholds on heap and direct memory, with hysteresis on the way back. */
class OverloadMonitorTest {

    final AtomicLong heap = new AtomicLong();
    final AtomicLong direct = new AtomicLong();
    // Heap threshold 90 of 1000, direct memory 50 of 1000.
    final OverloadMonitor monitor = new OverloadMonitor(new OverloadSettings(null, 90.0, 50.0), heap::get, 1000,
                                                        direct::get, 1000);

    @Test
    void heapOverItsThresholdOverloadsUntilItIsBelow90PercentOfIt() {
        heap.set(899);
        assertThat(monitor.sample()).isFalse();
        assertThat(monitor.overloaded()).isFalse();
        heap.set(900);
        assertThat(monitor.sample()).isTrue();
        assertThat(monitor.overloaded()).isTrue();
        heap.set(850);
        monitor.sample();
        assertThat(monitor.overloaded()).as("still over 90% of the threshold (810)").isTrue();
        heap.set(809);
        assertThat(monitor.sample()).isTrue();
        assertThat(monitor.overloaded()).isFalse();
    }

    @Test
    void directMemoryOverItsThresholdOverloadsToo() {
        direct.set(500);
        monitor.sample();
        assertThat(monitor.overloaded()).isTrue();
        direct.set(449);
        monitor.sample();
        assertThat(monitor.overloaded()).isFalse();
    }

    @Test
    void hundredPercentTurnsAThresholdOff() {
        final OverloadMonitor off = new OverloadMonitor(new OverloadSettings(null, 100.0, 100.0), heap::get, 1000,
                                                        direct::get, 1000);
        heap.set(999);
        direct.set(999);
        off.sample();
        assertThat(off.overloaded()).isFalse();
    }
}
