package io.shopset.loadtest.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

class FloodTallyTest {

    @Test
    void countsAdmittedRejectedAndOtherAnswersWithTheScopeTheGatewayNamed() {
        final FloodTally tally = new FloodTally();
        tally.record(200, null, null, 12);
        tally.record(429, "\"shop\";q=10;w=1", "1", 2);
        tally.record(429, "\"client\";q=20;w=1", "1", 3);
        tally.record(503, null, "1", 4);
        tally.record(429, "\"shop\";q=10;w=1", null, 5);
        tally.record(500, null, null, 6);
        tally.record(null, null, null, null);

        assertThat(tally.sent()).isEqualTo(7);
        assertThat(tally.admitted()).isEqualTo(1);
        assertThat(tally.tooManyRequests()).isEqualTo(3);
        assertThat(tally.unavailable()).isEqualTo(1);
        assertThat(tally.rejected()).isEqualTo(4);
        assertThat(tally.other()).isEqualTo(2);
        assertThat(tally.rejectedWithoutRetryAfter()).isEqualTo(1);
        assertThat(tally.rejectedByScope()).isEqualTo(Map.of("shop", 2L, "client", 1L, "503", 1L));
        assertThat(tally.rejectedPercent()).isCloseTo(100.0 * 4 / 7, within(1e-9));
        assertThat(tally.admittedLatency().count()).isEqualTo(1);
        assertThat(tally.rejectedLatency().count()).isEqualTo(4);
    }

    @Test
    void aPolicyWithoutQuotesIsItsOwnScope() {
        assertThat(FloodTally.scopeOf("shop;q=10", 429)).isEqualTo("shop;q=10");
        assertThat(FloodTally.scopeOf(null, 503)).isEqualTo("503");
    }
}
