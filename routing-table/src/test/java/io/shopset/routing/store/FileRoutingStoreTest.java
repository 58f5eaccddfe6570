package io.shopset.routing.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shopset.routing.RoutingTable;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.source.FileRoutingSource;

class FileRoutingStoreTest {

    static final String YAML = """
            platformDomains: [shops.test]
            replicas: 2
            tiers: [{name: prod, level: 30}]
            failureDomains: [{name: dc-a}, {name: dc-b}]
            shopsets:
              - {name: prod-a, tier: prod, failureDomain: dc-a, endpoints: [127.0.0.1:9001]}
              - {name: prod-b, tier: prod, failureDomain: dc-b, endpoints: [127.0.0.1:9002]}
            shops:
              - {id: alpha, shopsets: [prod-a, prod-b]}
            """;

    @TempDir
    Path dir;

    @Test
    void adminChangesPersistToTheStateFileAndSurviveARestart() throws Exception {
        final Path config = write("shopset.yaml", YAML);
        final Path state = dir.resolve("state.json");
        final RoutingTable table = new RoutingTable();
        try (FileRoutingStore store = open(config, state, table, null)) {
            final VersionedState v1 = store.current();
            assertThat(v1.version()).isEqualTo(1);
            assertThat(Files.exists(state)).isFalse();

            store.write(1, withShop(v1.state(), Shop.of("beta")), record("create-shop", "beta"));

            assertThat(Files.exists(state)).isTrue();
            assertThat(table.current().shop("beta")).isNotNull();
            assertThat(store.current().version()).isEqualTo(2);
        }
        final RoutingTable after = new RoutingTable();
        try (FileRoutingStore store = open(config, state, after, null)) {
            assertThat(store.current().version()).isEqualTo(2);
            assertThat(after.current().shop("beta")).isNotNull();
            assertThat(store.recentChanges(10)).extracting(ChangeRecord::target).containsExactly("beta");
            assertThat(store.stateFileInForce()).isTrue();
        }
        assertThat(Files.readAllLines(FileRoutingStore.auditFileFor(state))).hasSize(1);
    }

    @Test
    void aStaleVersionIsAConflictAndWritesNothing() throws Exception {
        final Path state = dir.resolve("state.json");
        try (FileRoutingStore store = open(write("shopset.yaml", YAML), state, new RoutingTable(), null)) {
            final RoutingState s = store.current().state();
            store.write(1, withShop(s, Shop.of("beta")), record("a", "beta"));
            assertThatThrownBy(() -> store.write(1, withShop(s, Shop.of("gamma")), record("b", "gamma")))
                    .isInstanceOf(StoreConflictException.class);
            assertThat(store.current().state().shops()).extracting(Shop::id).containsExactly("alpha", "beta");
        }
    }

    @Test
    void anInvalidStateIsRefusedAndNothingIsWritten() throws Exception {
        final Path state = dir.resolve("state.json");
        final RoutingTable table = new RoutingTable();
        try (FileRoutingStore store = open(write("shopset.yaml", YAML), state, table, null)) {
            final RoutingState s = store.current().state();
            final Shop bad = new Shop("bad", List.of(), null, null, List.of("nope"), null, null);
            assertThatThrownBy(() -> store.write(1, withShop(s, bad), record("a", "bad")))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("unknown ShopSet \"nope\"");
            assertThat(Files.exists(state)).isFalse();
            assertThat(table.current().version()).isEqualTo(1);
        }
    }

    @Test
    void fileEditsReloadUntilTheStateFileExistsThenAreNotApplied() throws Exception {
        final Path config = write("shopset.yaml", YAML);
        final Path state = dir.resolve("state.json");
        final RoutingTable table = new RoutingTable();
        final List<FileRoutingSource.Result> results = new CopyOnWriteArrayList<>();
        try (FileRoutingStore store = open(config, state, table, results)) {
            write("shopset.yaml", YAML + "  - {id: gamma}\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> table.current().shop("gamma") != null);

            store.write(store.current().version(), withShop(store.current().state(), Shop.of("beta")),
                        record("create-shop", "beta"));
            write("shopset.yaml", YAML + "  - {id: delta}\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> results.contains(FileRoutingSource.Result.IGNORED));

            assertThat(table.current().shop("delta")).isNull();
            assertThat(table.current().shop("beta")).isNotNull();
            assertThat(table.current().shop("gamma")).isNotNull();
        }
    }

    @Test
    void persistedStateRoundTripsThroughJson() throws Exception {
        final GatewayConfig c = ConfigLoader.parse(YAML);
        final Path f = dir.resolve("p.json");
        new PersistedState(7, "e1", "b", c.routingState()).writeTo(f);
        final PersistedState back = PersistedState.read(f);
        assertThat(back.state()).isEqualTo(c.routingState());
        assertThat(back.version()).isEqualTo(7);
        assertThat(PersistedState.read(dir.resolve("missing.json"))).isNull();
    }

    @Test
    void stateDiffNamesTheDifferingObjects() throws Exception {
        final RoutingState a = ConfigLoader.parse(YAML).routingState();
        final RoutingState b = withShop(a, Shop.of("beta"));
        assertThat(StateDiff.differences(a, b, "the file", "Redis", 5))
                .containsExactly("shop \"beta\": only in Redis");
        assertThat(StateDiff.fingerprint(a)).isNotEqualTo(StateDiff.fingerprint(b));
        assertThat(StateDiff.same(a, a)).isTrue();
    }

    private FileRoutingStore open(Path config, Path state, RoutingTable table,
                                  List<FileRoutingSource.Result> results) throws Exception {
        return FileRoutingStore.open(config, ConfigLoader.load(config), state, FileRoutingStore.auditFileFor(state),
                                     table, results == null ? null : Duration.ofMillis(20),
                                     r -> { if (results != null) { results.add(r); } });
    }

    private Path write(String name, String text) throws Exception {
        final Path p = dir.resolve(name);
        final Path tmp = dir.resolve(name + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                   java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return p;
    }

    static RoutingState withShop(RoutingState s, Shop shop) {
        final List<Shop> shops = new ArrayList<>(s.shops());
        shops.add(shop);
        return new RoutingState(s.platformDomains(), s.replicas(), s.tiers(), s.failureDomains(), s.shopsets(), shops,
                                s.limits());
    }

    static ChangeRecord record(String action, String target) {
        return new ChangeRecord("tester", action, target, null, null, Instant.parse("2026-01-01T00:00:00Z"), 0);
    }
}
