// The control-plane benchmark (not a test): propagation latency of admin writes between two gateway
// replicas sharing one Redis, and the load time and heap of a 1M-shop routing table in Redis.
// Run from the repository root after building the distribution (see bench/control-plane/README.md):
//
//   mvn -q -B -DskipTests package
//   java -Xmx6g -cp app/target/shopset.jar bench/control-plane/ControlPlaneBench.java [changes] [shops]
//
// It starts its own redis-server (from the PATH) on a free port, stub ShopSets and two gateway
// processes on ephemeral loopback ports; nothing else is touched.

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.shopset.admin.auth.Tokens;
import io.shopset.app.GatewayProcess;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.routing.model.FailureDomain;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.store.ChangeRecord;
import io.shopset.routing.store.redis.RedisRoutingStore;
import io.shopset.testkit.RedisProcess;
import io.shopset.testkit.StubShopSet;

public final class ControlPlaneBench {

    static final String TOKEN = "bench-admin-token-0123456789";

    public static void main(String[] args) throws Exception {
        final int changes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        final int bigShops = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        System.out.printf("machine: %d cores, max heap %d MiB, Java %s%n", Runtime.getRuntime().availableProcessors(),
                          Runtime.getRuntime().maxMemory() >> 20, Runtime.version());
        final Path dir = Files.createTempDirectory("shopset-bench-");
        try (RedisProcess redis = RedisProcess.startNew()) {
            System.out.println("redis-server on port " + redis.port());
            propagation(redis, dir, changes, 1000);
            redis.flushAll();
            bigTable(redis, dir, bigShops);
        }
    }

    /** Isolate/restore through replica 1's admin API; time until replica 2's data plane has it. */
    static void propagation(RedisProcess redis, Path dir, int changes, int shops) throws Exception {
        final StubShopSet a = StubShopSet.start("prod-a", "a1");
        final StubShopSet b = StubShopSet.start("prod-b", "b1");
        final StubShopSet v = StubShopSet.start("vip-1", "v1");
        final StringBuilder shopYaml = new StringBuilder();
        for (int i = 0; i < shops; i++) {
            shopYaml.append("  - {id: shop-").append(i).append("}\n");
        }
        final String yaml = """
                listen: 127.0.0.1:1
                admin: {listen: 127.0.0.1:1}
                store: %s
                stateFile: state.json
                platformDomains: [shops.test]
                replicas: 2
                tiers: [{name: prod, level: 30}]
                failureDomains: [{name: dc-a}, {name: dc-b}]
                shopsets:
                  - {name: prod-a, tier: prod, failureDomain: dc-a, endpoints: [%s]}
                  - {name: prod-b, tier: prod, failureDomain: dc-b, endpoints: [%s]}
                  - {name: vip-1, tier: prod, failureDomain: dc-a, dedicated: true, endpoints: [%s]}
                shops:
                """.formatted(redis.uri(), a.endpoint(), b.endpoint(), v.endpoint()) + shopYaml;
        final GatewayProcess one = replica(dir.resolve("one"), yaml);
        final GatewayProcess two = replica(dir.resolve("two"), yaml);
        final HttpClient http = HttpClient.newHttpClient();
        final AtomicReference<Expectation> expected = new AtomicReference<>();
        two.table().addListener(snap -> {
            final Expectation e = expected.get();
            if (e != null) {
                final ShopRoute r = snap.shop(e.shop);
                if (r != null && r.isolated() == e.isolated) {
                    e.seenNanos = System.nanoTime();
                    e.latch.countDown();
                }
            }
        });
        final int warmup = Math.min(100, changes / 10);
        final long[] endToEnd = new long[changes];
        final long[] request = new long[changes];
        for (int i = -warmup; i < changes; i++) {
            final String shop = "shop-" + Math.floorMod(i, shops);
            final boolean isolate = two.table().current().shop(shop).isolated() == false;
            final Expectation e = new Expectation(shop, isolate);
            expected.set(e);
            final HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + one.adminAddress().getPort()
                                                                      + "/api/v1/shops/" + shop +
                                                                      (isolate ? "/isolate" : "/restore")))
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(isolate ? "{\"shopset\":\"vip-1\"}" : ""))
                    .build();
            final long t0 = System.nanoTime();
            final HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            final long t1 = System.nanoTime();
            if (r.statusCode() != 200) {
                throw new IllegalStateException("admin write failed: " + r.statusCode() + ' ' + r.body());
            }
            if (!e.latch.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("replica 2 never saw change " + i);
            }
            if (i >= 0) {
                endToEnd[i] = e.seenNanos - t0;
                request[i] = t1 - t0;
            }
        }
        expected.set(null);
        System.out.printf("%nPropagation, %d changes (isolate/restore via replica 1's admin API), %d-shop table:%n",
                          changes, shops);
        print("  admin write sent -> replica 2 serving it", endToEnd);
        print("  admin write round trip on replica 1     ", request);
        // A real proxied request through replica 2 confirms what it serves.
        final ShopRoute last = two.table().current().shop("shop-" + Math.floorMod(changes - 1, shops));
        System.out.printf("  last change on replica 2: %s isolated=%s%n", last.id(), last.isolated());
        one.close();
        two.close();
        a.close();
        b.close();
        v.close();
    }

    /** Seeds Redis with a table of {@code shops} shops, then times a fresh replica loading it. */
    static void bigTable(RedisProcess redis, Path dir, int shops) throws Exception {
        System.out.printf("%n%,d-shop routing table in Redis:%n", shops);
        RoutingState big = bigState(shops);
        long t0 = System.nanoTime();
        RoutingTable seedTable = new RoutingTable();
        RedisRoutingStore seeder = RedisRoutingStore.start(redis.uri(), big, dir.resolve("seed.json"),
                                                           dir.resolve("seed.audit"), seedTable);
        System.out.printf("  seed from one replica (validate, build, write to Redis): %.1f s%n",
                          (System.nanoTime() - t0) / 1e9);
        seeder.close();
        seedTable = null;
        seeder = null;
        big = null;
        Files.deleteIfExists(dir.resolve("seed.json"));
        System.out.printf("  Redis used_memory: %s%n", redis.command("MEMORY", "USAGE", "shopset:shops"));

        final long heapBefore = usedHeapAfterGc();
        t0 = System.nanoTime();
        final RoutingTable table = new RoutingTable();
        final RedisRoutingStore store = RedisRoutingStore.start(redis.uri(), emptyLike(), dir.resolve("load.json"),
                                                                dir.resolve("load.audit"), table);
        final double load = (System.nanoTime() - t0) / 1e9;
        final long heapAfter = usedHeapAfterGc();
        System.out.printf("  load on a starting replica (HSCAN, parse, validate, place, build snapshot): %.1f s%n", load);
        System.out.printf("  heap held by the loaded table (state + snapshot): %,d MiB (%d bytes/shop)%n",
                          (heapAfter - heapBefore) >> 20, (heapAfter - heapBefore) / shops);
        System.out.printf("  routing table v%d, %,d shops%n", table.current().version(), table.current().shopCount());

        // One change on a 1M table, propagated to a second replica.
        final RoutingTable table2 = new RoutingTable();
        final RedisRoutingStore store2 = RedisRoutingStore.start(redis.uri(), emptyLike(), dir.resolve("load2.json"),
                                                                 dir.resolve("load2.audit"), table2);
        final long[] lat = new long[3];
        for (int i = 0; i < lat.length; i++) {
            final String id = String.format("s%07d", i);
            final RoutingState cur = store.current().state();
            final List<Shop> next = new ArrayList<>(cur.shops());
            final int at = indexOf(next, id);
            final Shop s = next.get(at);
            next.set(at, new Shop(s.id(), s.hosts(), s.configuration(), s.tier(), List.of("prod-a"), s.limits(), null));
            final CountDownLatch seen = new CountDownLatch(1);
            final long want = store.current().version() + 1;
            final long start = System.nanoTime();
            table2.addListener(snap -> {
                if (snap.state() == store2.current().state() && store2.current().version() >= want) {
                    seen.countDown();
                }
            });
            store.write(store.current().version(), new RoutingState(cur.platformDomains(), cur.replicas(), cur.tiers(),
                    cur.failureDomains(), cur.shopsets(), next, cur.limits()),
                        new ChangeRecord("bench", "pin", "shop/" + id, null, null, Instant.now(), 0));
            final long written = System.nanoTime();
            seen.await(60, TimeUnit.SECONDS);
            lat[i] = System.nanoTime() - start;
            System.out.printf("  change %d on the 1M table: written in %.2f s, served by replica 2 after %.2f s%n",
                              i + 1, (written - start) / 1e9, lat[i] / 1e9);
        }
        store2.close();
        store.close();
    }

    static final class Expectation {
        final String shop;
        final boolean isolated;
        final CountDownLatch latch = new CountDownLatch(1);
        volatile long seenNanos;

        Expectation(String shop, boolean isolated) {
            this.shop = shop;
            this.isolated = isolated;
        }
    }

    static GatewayProcess replica(Path folder, String yaml) throws Exception {
        Files.createDirectories(folder);
        final Path file = folder.resolve("shopset.yaml");
        Files.writeString(file, yaml);
        final GatewayConfig config = ConfigLoader.load(file);
        return new GatewayProcess(file, config, Tokens.single(TOKEN), new InetSocketAddress("127.0.0.1", 0),
                                  new InetSocketAddress("127.0.0.1", 0));
    }

    /** Four ShopSets in two domains; {@code n} placed shops, each with one custom domain. */
    static RoutingState bigState(int n) throws Exception {
        final RoutingState base = emptyLike();
        final List<Shop> shops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            final String id = String.format("s%07d", i);
            shops.add(new Shop(id, List.of("www." + id + ".example"), null, null, null, null, null));
        }
        return new RoutingState(base.platformDomains(), base.replicas(), base.tiers(), base.failureDomains(),
                                base.shopsets(), shops, base.limits());
    }

    static RoutingState emptyLike() throws Exception {
        return ConfigLoader.parse("""
                platformDomains: [shops.test]
                replicas: 2
                tiers: [{name: prod, level: 30}]
                failureDomains: [{name: dc-a}, {name: dc-b}]
                shopsets:
                  - {name: prod-a, tier: prod, failureDomain: dc-a, endpoints: [127.0.0.1:9001]}
                  - {name: prod-a2, tier: prod, failureDomain: dc-a, endpoints: [127.0.0.1:9002]}
                  - {name: prod-b, tier: prod, failureDomain: dc-b, endpoints: [127.0.0.1:9003]}
                  - {name: prod-b2, tier: prod, failureDomain: dc-b, endpoints: [127.0.0.1:9004]}
                """).routingState();
    }

    static int indexOf(List<Shop> shops, String id) {
        for (int i = 0; i < shops.size(); i++) {
            if (shops.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new IllegalStateException("no shop " + id);
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void print(String label, long[] nanos) {
        final long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%s  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n", label,
                          s[s.length / 2] / 1e6, s[(int) (s.length * 0.90)] / 1e6, s[(int) (s.length * 0.99)] / 1e6,
                          s[s.length - 1] / 1e6);
    }
}
