package io.shopset.loadtest.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogStatsTest {

    @Test
    void countsClientsAndStatusesPerShopAndSkipsBrokenLines(@TempDir Path dir) throws IOException {
        final Path log = dir.resolve("access.log");
        Files.writeString(log, String.join("\n",
                "{\"client\":\"127.2.0.1\",\"status\":200,\"shop\":\"shop-a\"}",
                "{\"client\":\"127.2.0.2\",\"status\":429,\"shop\":\"shop-a\"}",
                "{\"client\":\"127.2.0.2\",\"status\":429,\"shop\":\"shop-a\"}",
                "{\"client\":\"127.1.0.1\",\"status\":200,\"shop\":\"shop-0001\"}",
                "{\"client\":\"127.1.0.2\",\"status\":502,\"shop\":\"shop-0002\"}",
                "not json",
                ""));

        final AccessLogStats stats = AccessLogStats.read(log);

        assertThat(stats.lines()).isEqualTo(5);
        assertThat(stats.distinctClients("shop-a")).isEqualTo(2);
        assertThat(stats.distinctClientsExcept("shop-a")).isEqualTo(2);
        assertThat(stats.statuses("shop-a")).isEqualTo(Map.of(200, 1L, 429, 2L));
        assertThat(stats.serverErrorsExcept("shop-a")).isEqualTo(1);
        assertThat(stats.serverErrorsExcept("shop-0002")).isZero();
    }
}
