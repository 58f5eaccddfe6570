package io.shopset.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process-level meters of a real gateway process, scraped from its open {@code /metrics}. */
class ProcessMetricsTest {

    @TempDir
    Path dir;

    @Test
    void buildInfoNamesTheVersionAndTheJava() throws Exception {
        try (Cluster c = new Cluster(dir, "file")) {
            final GatewayProcess p = c.start("solo");

            final String metrics = scrape(c, p);

            assertThat(VersionProvider.version()).as("stamped into the build").isNotEqualTo("unknown");
            assertThat(metrics).contains("shopset_build_info{java=\"" + System.getProperty("java.version")
                                         + "\",version=\"" + VersionProvider.version() + "\"} 1");
        }
    }

    @Test
    void heapAllocationIsCountedAndOnlyGrows() throws Exception {
        try (Cluster c = new Cluster(dir, "file")) {
            final GatewayProcess p = c.start("solo");
            final double first = allocated(scrape(c, p));
            // Something that allocates: a few megabytes the counter must see.
            final byte[][] garbage = new byte[64][];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = new byte[64 * 1024];
            }
            final double second = allocated(scrape(c, p));
            assertThat(garbage[63]).hasSize(64 * 1024);
            assertThat(first).isPositive();
            assertThat(second - first).as("at least the 4 MiB allocated in between").isGreaterThanOrEqualTo(4 << 20);
        }
    }

    private static double allocated(String metrics) {
        return metrics.lines()
                      .filter(l -> l.startsWith("jvm_threads_allocated_bytes_total "))
                      .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
                      .findFirst()
                      .orElseThrow(() -> new AssertionError("no jvm_threads_allocated_bytes_total in " + metrics));
    }

    @Test
    void configReloadsAreCountedByResultAndABrokenFileKeepsTheTable() throws Exception {
        try (Cluster c = new Cluster(dir, "file")) {
            final GatewayProcess p = c.start("solo");
            final Path file = dir.resolve("solo/shopset.yaml");
            assertThat(Cluster.servedBy(p, "delta.shops.test")).isEqualTo("status HTTP/1.1 404 Not Found");

            replace(file, c.yaml().replace("shops:\n", "shops:\n  - {id: delta, shopsets: [prod-b]}\n"));
            await().atMost(Duration.ofSeconds(10))
                   .until(() -> scrape(c, p).contains("shopset_config_reloads_total{result=\"success\"} 1.0"));
            assertThat(Cluster.servedBy(p, "delta.shops.test")).isEqualTo("prod-b");

            replace(file, c.yaml().replace("shops:\n", "shops:\n  - {id: delta, shopsets: [prod-z]}\n"));
            await().atMost(Duration.ofSeconds(10))
                   .until(() -> scrape(c, p).contains("shopset_config_reloads_total{result=\"failure\"} 1.0"));
            assertThat(scrape(c, p)).contains("shopset_config_reloads_total{result=\"success\"} 1.0");
            assertThat(Cluster.servedBy(p, "delta.shops.test")).isEqualTo("prod-b");
        }
    }

    /** Replaces {@code file} atomically, so the watcher never reads half a file. */
    private static void replace(Path file, String content) throws Exception {
        final Path tmp = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String scrape(Cluster c, GatewayProcess p) throws Exception {
        final HttpResponse<String> r = c.http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.adminAddress().getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
