package io.shopset.routing.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.shopset.routing.RoutingTable;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.store.ChangeRecord;
import io.shopset.routing.store.StoreConflictException;
import io.shopset.routing.store.StoreUnavailableException;
import io.shopset.routing.validate.RoutingValidator;
import io.shopset.testkit.RedisServer;

class RedisRoutingStoreTest {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    static final String YAML = """
            platformDomains: [shops.test]
            replicas: 2
            tiers: [{name: prod, level: 30}]
            failureDomains: [{name: dc-a}, {name: dc-b}]
            shopsets:
              - {name: prod-a, tier: prod, failureDomain: dc-a, endpoints: [127.0.0.1:9001]}
              - {name: prod-b, tier: prod, failureDomain: dc-b, endpoints: [127.0.0.1:9002]}
              - {name: vip-1, tier: prod, failureDomain: dc-a, dedicated: true, endpoints: [127.0.0.1:9003]}
            shops:
              - {id: alpha, shopsets: [prod-a, prod-b]}
              - {id: beta}
            """;

    @TempDir
    Path dir;
    final List<RedisRoutingStore> stores = new ArrayList<>();
    RoutingState file;

    @BeforeEach
    void setUp() throws Exception {
        redis.start();
        redis.flushAll();
        file = ConfigLoader.parse(YAML).routingState();
    }

    @AfterEach
    void tearDown() {
        stores.forEach(RedisRoutingStore::close);
    }

    @Test
    void theFirstReplicaSeedsRedisFromTheFileAndTheNextLoadsIt() throws Exception {
        final Replica a = replica("a", file);
        assertThat(a.store.current().version()).isEqualTo(1);
        assertThat(redis.command("GET", "shopset:version")).isEqualTo("$1");

        final Replica b = replica("b", with(file, Shop.of("only-in-b-file")));

        assertThat(b.store.current().version()).isEqualTo(1);
        assertThat(b.table.current().shop("only-in-b-file")).isNull();
        assertThat(b.table.current().shop("beta")).isNotNull();
    }

    @Test
    void aWriteOnOneReplicaIsServedByTheOtherWithinOneSecond() throws Exception {
        final Replica a = replica("a", file);
        final Replica b = replica("b", file);

        final long v = a.store.write(1, with(file, Shop.of("gamma")), record("gamma"));

        assertThat(v).isEqualTo(2);
        assertThat(a.table.current().shop("gamma")).isNotNull();
        await().atMost(Duration.ofSeconds(1)).until(() -> b.table.current().shop("gamma") != null);
        assertThat(b.store.current().version()).isEqualTo(2);
        assertThat(b.store.recentChanges(10)).extracting(ChangeRecord::target).containsExactly("gamma");
    }

    @Test
    void aShopChangeIsAppliedOnEveryReplicaAsAnEditOfItsSnapshot() throws Exception {
        final Replica a = replica("a", file);
        final Replica b = replica("b", file);
        final Shop betaBefore = b.store.current().state().shopList().byId("beta");
        final RoutingState isolated = edited(file, new Shop("alpha", List.of("www.alpha.example"), null, null,
                                                            List.of("vip-1"), null, List.of("prod-a", "prod-b")));

        a.store.write(1, isolated, record("alpha"));

        // The writer's snapshot is the previous one with alpha's id and host edited in.
        assertThat(a.table.current().shop("alpha").isolated()).isTrue();
        assertThat(a.table.current().idIndex().overlaySize()).isEqualTo(1);
        assertThat(a.table.current().hostIndex().overlaySize()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(1)).until(() -> b.table.current().shop("alpha").isolated());
        // So is the other replica's, from the delta: its other shops are the very objects it had.
        assertThat(b.table.current().resolve("WWW.Alpha.Example")).isEqualTo(a.table.current().resolve("www.alpha.example"));
        assertThat(b.table.current().idIndex().overlaySize()).isEqualTo(1);
        assertThat(b.store.current().state().shopList().byId("beta")).isSameAs(betaBefore);
        assertThat(b.store.current().state()).isEqualTo(isolated);

        // A change that breaks a rule is refused as a whole validation would refuse it; nothing is written.
        final String betaInRedis = redis.command("HSTRLEN", "shopset:shops", "beta");
        final RoutingState clash = edited(isolated, new Shop("beta", List.of("www.alpha.example"), null, null, null,
                                                             null, null));
        assertThatThrownBy(() -> a.store.write(2, clash, record("beta")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .isEqualTo(RoutingValidator.validate(clash)).isNotEmpty());
        assertThat(redis.command("INCRBY", "shopset:version", "0")).isEqualTo(":2");
        assertThat(redis.command("HSTRLEN", "shopset:shops", "beta")).isEqualTo(betaInRedis);
        assertThat(a.store.current().version()).isEqualTo(2);

        a.store.write(2, new RoutingState(isolated.platformDomains(), isolated.replicas(), isolated.tiers(),
                                          isolated.failureDomains(), isolated.shopsets(),
                                          isolated.shopList().without("beta"), isolated.limits()), record("beta"));
        await().atMost(Duration.ofSeconds(1)).until(() -> b.table.current().shop("beta") == null);
        assertThat(b.table.current().shopCount()).isEqualTo(1);
        assertThat(b.table.current().resolve("beta.shops.test")).isNull();
    }

    @Test
    void concurrentWritesFromTwoReplicas_exactlyOneWinsAndBothConverge() throws Exception {
        final Replica a = replica("a", file);
        final Replica b = replica("b", file);
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        final CountDownLatch go = new CountDownLatch(1);
        try {
            final Future<Object> fa = pool.submit((Callable<Object>) () -> {
                go.await();
                return attempt(a, with(file, Shop.of("from-a")));
            });
            final Future<Object> fb = pool.submit((Callable<Object>) () -> {
                go.await();
                return attempt(b, with(file, Shop.of("from-b")));
            });
            go.countDown();
            final List<Object> results = List.of(fa.get(), fb.get());
            assertThat(results).filteredOn(r -> r instanceof StoreConflictException).hasSize(1);
            assertThat(results).filteredOn(r -> r instanceof Long).containsExactly(2L);
        } finally {
            pool.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> a.store.current().version() == 2
                                                          && b.store.current().version() == 2);
        assertThat(a.store.current().state()).isEqualTo(b.store.current().state());
        final boolean aWon = a.table.current().shop("from-a") != null;
        assertThat(b.table.current().shop(aWon ? "from-a" : "from-b")).isNotNull();
        assertThat(b.table.current().shop(aWon ? "from-b" : "from-a")).isNull();
    }

    @Test
    void aReplicaThatMissedAChangeResyncs() throws Exception {
        final Replica a = replica("a", file);
        // A change written behind the replicas' back: no message, the version moves.
        redis.command("HSET", "shopset:shops", "sneaky", "{\"id\":\"sneaky\"}");
        redis.command("INCR", "shopset:version");
        await().atMost(Duration.ofSeconds(3)).until(() -> a.table.current().shop("sneaky") != null);
        // A message whose predecessor (v3) this replica never saw.
        redis.command("HSET", "shopset:shops", "sneaky2", "{\"id\":\"sneaky2\"}");
        redis.command("INCR", "shopset:version");
        redis.command("HSET", "shopset:shops", "sneaky3", "{\"id\":\"sneaky3\"}");
        redis.command("INCR", "shopset:version");
        redis.command("PUBLISH", "shopset:changes", "{\"epoch\":\"" + a.store.epochForTests() + "\",\"version\":4," +
                                                    "\"prev\":3,\"full\":false,\"upserts\":{},\"deletes\":[]}");
        await().atMost(Duration.ofSeconds(3)).until(() -> a.table.current().shop("sneaky3") != null);
        assertThat(a.table.current().shop("sneaky2")).isNotNull();
        assertThat(a.store.current().version()).isEqualTo(4);
    }

    @Test
    void replicasKeepServingWhileRedisRestartsThenResync() throws Exception {
        final Replica a = replica("a", file);
        final Replica b = replica("b", file);
        a.store.write(1, with(file, Shop.of("gamma")), record("gamma"));
        await().atMost(Duration.ofSeconds(1)).until(() -> b.table.current().shop("gamma") != null);

        redis.stop();
        assertThatThrownBy(() -> a.store.write(2, with(file, Shop.of("delta")), record("delta")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(a.table.current().shop("gamma")).isNotNull();
        assertThat(b.table.current().shop("gamma")).isNotNull();

        redis.start();
        // Redis came back empty: a replica reseeds it from its state; admin changes are kept.
        await().atMost(Duration.ofSeconds(10)).until(() -> "$1".equals(redis.command("GET", "shopset:version")));
        await().atMost(Duration.ofSeconds(5)).until(() -> a.store.connected() && b.store.connected()
                && a.store.current().version() == b.store.current().version()
                && describeEpoch(a).equals(describeEpoch(b)));
        final RoutingState now = a.store.current().state();
        assertThat(now.shops()).extracting(Shop::id).contains("gamma");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            final long v = a.store.current().version();
            a.store.write(v, with(now, Shop.of("after-restart")), record("after-restart"));
        });
        await().atMost(Duration.ofSeconds(1)).until(() -> b.table.current().shop("after-restart") != null);
    }

    @Test
    void aReplicaStartedWhileRedisIsDownServesItsLastGoodSnapshot() throws Exception {
        final Replica a = replica("a", file);
        a.store.write(1, with(file, Shop.of("gamma")), record("gamma"));
        a.store.close();
        stores.remove(a.store);
        redis.stop();

        final Replica again = replica("a", file);

        assertThat(again.table.current().shop("gamma")).isNotNull();
        assertThat(again.store.connected()).isFalse();
        assertThatThrownBy(() -> again.store.write(2, file, record("x"))).isInstanceOf(StoreUnavailableException.class);

        redis.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> again.store.connected());
        await().atMost(Duration.ofSeconds(5)).until(() -> "$1".equals(redis.command("GET", "shopset:version")));
        assertThat(again.table.current().shop("gamma")).isNotNull();
    }

    record Replica(RoutingTable table, RedisRoutingStore store) {
    }

    private Replica replica(String name, RoutingState fileState) throws Exception {
        final RoutingTable table = new RoutingTable();
        final RedisRoutingStore store = RedisRoutingStore.start(redis.uri(), fileState,
                dir.resolve(name + ".last-good.json"), dir.resolve(name + ".audit.jsonl"), table);
        stores.add(store);
        return new Replica(table, store);
    }

    private static Object attempt(Replica r, RoutingState next) {
        try {
            return r.store.write(1, next, record("x"));
        } catch (Exception e) {
            return e;
        }
    }

    private static String describeEpoch(Replica r) {
        return String.valueOf(r.store.epochForTests());
    }

    static RoutingState with(RoutingState s, Shop shop) {
        final List<Shop> shops = new ArrayList<>(s.shops());
        shops.add(shop);
        return new RoutingState(s.platformDomains(), s.replicas(), s.tiers(), s.failureDomains(), s.shopsets(), shops,
                                s.limits());
    }

    /** {@code s} with {@code shop} put in place of the shop with its id. */
    static RoutingState edited(RoutingState s, Shop shop) {
        return new RoutingState(s.platformDomains(), s.replicas(), s.tiers(), s.failureDomains(), s.shopsets(),
                                s.shopList().with(shop), s.limits());
    }

    static ChangeRecord record(String target) {
        return new ChangeRecord("tester", "test", target, null, null, Instant.now(), 0);
    }
}
