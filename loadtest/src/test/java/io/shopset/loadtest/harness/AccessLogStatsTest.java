package io.shopset.loadtest.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogStatsTest {

    @Test
    void countsClientsAndStatusesPerShopAndSkipsBrokenLines(@TempDir Path dir) throws IOException {
        final Path log = dir.resolve("access.log");
        Files.writeString(log, String.join("\n",
                "{\"time\":\"2026-01-01T00:00:00Z\",\"client\":\"127.2.0.1\",\"status\":200,\"shop\":\"shop-a\","
                + "\"duration_ms\":9.0,\"upstream_ms\":8.0}",
                "{\"client\":\"127.2.0.2\",\"status\":429,\"shop\":\"shop-a\"}",
                "{\"client\":\"127.2.0.2\",\"status\":429,\"shop\":\"shop-a\"}",
                "{\"time\":\"2026-01-01T00:00:01Z\",\"client\":\"127.1.0.1\",\"status\":200,\"shop\":\"shop-0001\","
                + "\"duration_ms\":12.5,\"upstream_ms\":12.0}",
                "{\"time\":\"2026-01-01T00:00:02Z\",\"client\":\"127.1.0.2\",\"status\":502,\"shop\":\"shop-0002\","
                + "\"duration_ms\":3.0,\"upstream_ms\":0.0}",
                "not json",
                ""));

        final AccessLogStats stats = AccessLogStats.read(log);

        assertThat(stats.lines()).isEqualTo(5);
        assertThat(stats.distinctClients("shop-a")).isEqualTo(2);
        assertThat(stats.distinctClientsExcept("shop-a")).isEqualTo(2);
        assertThat(stats.statuses("shop-a")).isEqualTo(Map.of(200, 1L, 429, 2L));
        assertThat(stats.serverErrorsExcept("shop-a")).isEqualTo(1);
        assertThat(stats.serverErrorsExcept("shop-0002")).isZero();
        final long second2 = Instant.parse("2026-01-01T00:00:02Z").toEpochMilli();
        final AccessLogStats.TimeSplit early = stats.timesExcept("shop-a", t -> t < second2 ? "early" : "late", "early");
        assertThat(early.count()).as("shop-a's and the later request left out").isEqualTo(1);
        assertThat(early.totalP99()).isEqualTo(12.5);
        assertThat(early.upstreamP99()).isEqualTo(12.0);
        assertThat(early.ownP99()).isEqualTo(0.5);
    }
}
