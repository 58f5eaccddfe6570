package io.shopset.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store in a real gateway process: admin changes persist to the state file and survive a restart. */
class FileStoreProcessTest {

    @TempDir
    Path dir;

    @Test
    void anIsolationSurvivesARestart() throws Exception {
        try (Cluster c = new Cluster(dir, "file")) {
            final GatewayProcess p = c.start("solo");
            assertThat(Cluster.servedBy(p, "alpha.shops.test")).isEqualTo("prod-a");
            assertThat(c.admin(p, "POST", "/api/v1/shops/alpha/isolate", "{\"shopset\":\"vip-1\"}").statusCode())
                    .isEqualTo(200);
            assertThat(Cluster.servedBy(p, "alpha.shops.test")).isEqualTo("vip-1");
            p.close();
            c.processes.remove(p);
            assertThat(dir.resolve("solo/state.json")).exists();
            assertThat(Files.readString(dir.resolve("solo/state.json.audit.jsonl"))).contains("\"what\":\"isolate\"");

            final GatewayProcess again = c.start("solo");

            assertThat(Cluster.servedBy(again, "alpha.shops.test")).isEqualTo("vip-1");
            assertThat(c.admin(again, "GET", "/api/v1/shops/alpha", null).body()).contains("\"isolated\":true");
        }
    }
}
