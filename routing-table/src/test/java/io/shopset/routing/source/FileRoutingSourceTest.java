package io.shopset.routing.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.source.FileRoutingSource.Result;

class FileRoutingSourceTest {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration QUIET = Duration.ofMillis(400);

    private static final String BASE = """
            platformDomains: [shops.test]
            tiers: [{name: prod, level: 30}]
            failureDomains: [{name: dc-a}, {name: dc-b}]
            shopsets:
              - {name: prod-a, tier: prod, failureDomain: dc-a, endpoints: ["127.0.0.1:9001"]}
              - {name: prod-b, tier: prod, failureDomain: dc-b, endpoints: ["127.0.0.1:9011"]}
            shops:
              - id: alpha
            """;

    @TempDir
    Path dir;

    private Path file;
    private final RoutingTable table = new RoutingTable();
    private final List<Result> results = new CopyOnWriteArrayList<>();
    private FileRoutingSource source;

    @BeforeEach
    void start() throws Exception {
        file = dir.resolve("shopset.yaml");
        Files.writeString(file, BASE);
        source = new FileRoutingSource(file, ConfigLoader.load(file), table, POLL, results::add);
    }

    @AfterEach
    void stop() {
        source.close();
    }

    /** Replaces the file in one step, as editors and ConfigMap updates do, so no poll sees half a file. */
    private void replaceFile(String text) throws IOException {
        final Path tmp = Files.createTempFile(dir, "next", ".yaml");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void loadsTheInitialFileAtVersionOne() {
        assertThat(table.current().version()).isEqualTo(1);
        assertThat(table.current().resolve("alpha.shops.test").id()).isEqualTo("alpha");
        assertThat(results).isEmpty();
    }

    @Test
    void swapsInAChangedValidFile() throws Exception {
        replaceFile(BASE + "  - {id: gamma, hosts: [www.gamma.example]}\n");

        await().atMost(Duration.ofSeconds(5)).until(() -> table.current().version() == 2);
        final RoutingSnapshot now = table.current();
        assertThat(now.resolve("gamma.shops.test").id()).isEqualTo("gamma");
        assertThat(now.resolve("www.gamma.example").id()).isEqualTo("gamma");
        assertThat(now.resolve("alpha.shops.test").id()).isEqualTo("alpha");
        await().atMost(Duration.ofSeconds(5)).until(() -> results.equals(List.of(Result.SUCCESS)));
    }

    @Test
    void keepsTheLastGoodSnapshotWhenTheFileBecomesInvalidAndRecoversWhenFixed() throws Exception {
        final RoutingSnapshot good = table.current();

        replaceFile(BASE + "  - {id: gamma, shopsets: [prod-z]}\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> results.contains(Result.FAILURE));
        assertThat(results).containsExactly(Result.FAILURE);
        assertThat(table.current()).isSameAs(good);
        assertThat(table.current().resolve("gamma.shops.test")).isNull();

        replaceFile(BASE + "  - {id: gamma, shopsets: [prod-b]}\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> results.contains(Result.SUCCESS));
        assertThat(results).containsExactly(Result.FAILURE, Result.SUCCESS);
        assertThat(table.current().version()).isEqualTo(2);
        assertThat(table.current().resolve("gamma.shops.test").candidates()).extracting(s -> s.name())
                .containsExactly("prod-b");
    }

    @Test
    void reportsMalformedYamlAsAFailure() throws Exception {
        final RoutingSnapshot good = table.current();

        replaceFile("shops: [\n");

        await().atMost(Duration.ofSeconds(5)).until(() -> results.contains(Result.FAILURE));
        assertThat(table.current()).isSameAs(good);
    }

    @Test
    void doesNotReloadAFileRewrittenWithTheSameBytes() throws Exception {
        replaceFile(BASE);

        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> results.isEmpty()
                                                                       && table.current().version() == 1);
    }

    @Test
    void keepsTheSnapshotWhileTheFileIsMissing() throws Exception {
        Files.delete(file);

        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> results.isEmpty()
                                                                       && table.current().version() == 1);
        replaceFile(BASE + "  - {id: gamma}\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> table.current().version() == 2);
        assertThat(results).containsExactly(Result.SUCCESS);
    }

    @Test
    void stopsWatchingWhenClosed() throws Exception {
        source.close();
        replaceFile(BASE + "  - {id: gamma}\n");

        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> results.isEmpty()
                                                                       && table.current().version() == 1);
    }
}
