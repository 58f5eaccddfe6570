package io.shopset.loadtest.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class FloodScheduleTest {

    private static final long START = 1_000_000_000L;
    private static final long S = 1_000_000_000L;

    private final FloodSchedule schedule = new FloodSchedule(Duration.ofSeconds(10), Duration.ofSeconds(15),
                                                             Duration.ofSeconds(5), 2, new AtomicLong(START),
                                                             new AtomicLong(1_700_000_000_000L));

    @Test
    void phasesFollowWarmUpThenCalmAndFloodWindowsInAbbaOrder() {
        assertThat(schedule.windows()).containsExactly(FloodSchedule.CALM, FloodSchedule.FLOOD,
                                                       FloodSchedule.FLOOD, FloodSchedule.CALM);
        assertThat(schedule.phaseAt(START - 1)).isEqualTo(FloodSchedule.WARM_UP);
        assertThat(schedule.phaseAt(START + 10 * S - 1)).isEqualTo(FloodSchedule.WARM_UP);
        assertThat(schedule.phaseAt(START + 10 * S)).isEqualTo(FloodSchedule.CALM);
        assertThat(schedule.phaseAt(START + 25 * S - 1)).isEqualTo(FloodSchedule.CALM);
        assertThat(schedule.phaseAt(START + 25 * S)).isEqualTo(FloodSchedule.FLOOD);
        assertThat(schedule.phaseAt(START + 35 * S - 1)).isEqualTo(FloodSchedule.FLOOD);
        assertThat(schedule.phaseAt(START + 35 * S)).isEqualTo(FloodSchedule.CALM);
        assertThat(schedule.phaseAt(START + 50 * S - 1)).isEqualTo(FloodSchedule.CALM);
        assertThat(schedule.phaseAt(START + 50 * S)).as("after the last window").isEqualTo(FloodSchedule.CALM);
        assertThat(schedule.windowAt(START + 10 * S - 1)).isEqualTo(-1);
        assertThat(schedule.windowAt(START + 10 * S)).isZero();
        assertThat(schedule.windowAt(START + 30 * S)).isEqualTo(2);
        assertThat(schedule.windowAt(START + 50 * S)).isEqualTo(4);
        assertThat(schedule.phaseAtEpochMillis(1_700_000_000_000L + 26_000)).isEqualTo(FloodSchedule.FLOOD);
        assertThat(schedule.phaseAtEpochMillis(1_700_000_000_000L + 9_999)).isEqualTo(FloodSchedule.WARM_UP);
    }

    @Test
    void adjacentFloodWindowsMakeOneFlood() {
        assertThat(schedule.floods()).isEqualTo(1);
        final FloodSchedule three = new FloodSchedule(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), 3);
        assertThat(three.windows()).containsExactly(FloodSchedule.CALM, FloodSchedule.FLOOD, FloodSchedule.FLOOD,
                                                    FloodSchedule.CALM, FloodSchedule.CALM, FloodSchedule.FLOOD);
        assertThat(three.floods()).isEqualTo(2);
        assertThat(new FloodSchedule(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), 1).floods())
                .isEqualTo(1);
    }

    @Test
    void everythingIsWarmUpUntilTheStartIsMarked() {
        final FloodSchedule unstarted = new FloodSchedule(Duration.ofSeconds(1), Duration.ofSeconds(1),
                                                          Duration.ofSeconds(1), 1);
        assertThat(unstarted.phaseAt(System.nanoTime())).isEqualTo(FloodSchedule.WARM_UP);
        unstarted.markStart();
        final long first = unstarted.startNanos().get();
        unstarted.markStart();
        assertThat(unstarted.startNanos().get()).as("only the first mark counts").isEqualTo(first);
    }

    @Test
    void totalsCountTheMeasuredWindows() {
        assertThat(schedule.total()).isEqualTo(Duration.ofSeconds(40));
        assertThat(schedule.floodTotal()).isEqualTo(Duration.ofSeconds(10));
        assertThat(schedule.floodInjection(200)).hasSize(1 + 2 * 2);
        assertThat(schedule.organicInjection(200)).hasSize(2);
    }

    @Test
    void rejectsEmptyWindowsAndNoCycles() {
        assertThatThrownBy(() -> new FloodSchedule(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .hasMessageContaining("cycles: 0");
        assertThatThrownBy(() -> new FloodSchedule(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1), 1))
                .hasMessageContaining("expected: both > 0");
    }
}
