// The single-shop change benchmark (not a test): what one isolate or restore costs on a 1M-shop
// routing table in Redis, on the writer (the admin call) and until a second replica serves it.
// Run from the repository root after building the distribution (see bench/control-plane/README.md):
//
//   mvn -q -B -DskipTests package -pl app -am
//   java -Xms6g -Xmx6g -cp app/target/shopset.jar bench/control-plane/ShopChangeBench.java \
//        [changes] [shops] [warm-up changes] [pairs|distinct]
//
// It starts its own redis-server (from the PATH) on a free port, two stub ShopSets and two gateway
// processes (in this JVM) on ephemeral loopback ports; nothing else is touched. Add
// -XX:StartFlightRecording=filename=changes.jfr,settings=profile for the where-does-the-time-go
// breakdown (bench/control-plane/jfr-breakdown.py reads it).

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.FailureDomain;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.model.Tier;
import io.shopset.routing.store.redis.RedisRoutingStore;
import io.shopset.testkit.RedisProcess;
import io.shopset.testkit.StubShopSet;

public final class ShopChangeBench {

    static final String TOKEN = "bench-admin-token-0123456789";
    static final String[] DOMAINS = {"dc-a", "dc-b", "dc-c"};

    public static void main(String[] args) throws Exception {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        final int changes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        final int shops = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        final int warmup = args.length > 2 ? Integer.parseInt(args[2]) : Math.min(20, Math.max(2, changes / 10));
        // "pairs" (default): isolate a shop, then restore it; "distinct": every change on another shop
        // (isolating it), so the host tables' overlays grow to their fold threshold.
        final boolean distinct = args.length > 3 && args[3].equals("distinct");
        System.out.printf("machine: %d cores, max heap %d MiB, Java %s, GC %s%n",
                          Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                          Runtime.version(), ManagementFactory.getGarbageCollectorMXBeans().get(0).getName());
        final Path dir = Files.createTempDirectory("shopset-change-bench-");
        try (RedisProcess redis = RedisProcess.startNew();
             StubShopSet prod = StubShopSet.start("prod", "p1");
             StubShopSet vip = StubShopSet.start("vip-1", "v1")) {
            System.out.println("redis-server on port " + redis.port());
            final RoutingState big = state(shops, prod.endpoint(), vip.endpoint());

            long t0 = System.nanoTime();
            try (RedisRoutingStore seeder = RedisRoutingStore.start(redis.uri(), big, dir.resolve("seed.json"),
                                                                    dir.resolve("seed.audit"), new RoutingTable())) {
                System.out.printf("seeded Redis with %,d shops in %.1f s%n", shops, (System.nanoTime() - t0) / 1e9);
            }
            final String yaml = """
                    listen: 127.0.0.1:1
                    admin: {listen: 127.0.0.1:1}
                    store: %s
                    stateFile: state.json
                    platformDomains: [shops.example.net]
                    replicas: 2
                    tiers: [{name: prod, level: 30}]
                    failureDomains: [{name: dc-a}, {name: dc-b}, {name: dc-c}]
                    shopsets:
                      - {name: vip-1, tier: prod, failureDomain: dc-a, dedicated: true, endpoints: [%s]}
                    """.formatted(redis.uri(), vip.endpoint());
            t0 = System.nanoTime();
            final GatewayProcess one = replica(dir.resolve("one"), yaml);
            System.out.printf("replica 1 loaded v%d in %.1f s%n", one.table().current().version(),
                              (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            final GatewayProcess two = replica(dir.resolve("two"), yaml);
            System.out.printf("replica 2 loaded v%d in %.1f s%n", two.table().current().version(),
                              (System.nanoTime() - t0) / 1e9);
            System.out.printf("heap used after GC with both replicas: %,d MiB%n", usedHeapAfterGc() >> 20);

            final AtomicReference<Expectation> expected = new AtomicReference<>();
            // Registered after the gateway's own listener: it runs once replica 2's data plane swapped.
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
            final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            final long[] admin = new long[changes];
            final long[] served = new long[changes];
            final long gcBefore = gcMillis();
            final long runStart = System.nanoTime();
            String lastShop = null;
            for (int i = -warmup; i < changes; i++) {
                // Spread over the table: placed and explicit shops, isolate then restore.
                final int k = Math.floorMod((distinct ? i + warmup : (i + warmup) / 2) * 7919L + 13, shops);
                final String shop = "shop-" + k;
                final boolean isolate = !two.table().current().shop(shop).isolated();
                final Expectation e = new Expectation(shop, isolate);
                expected.set(e);
                final HttpRequest req = HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + one.adminAddress().getPort() + "/api/v1/shops/" + shop +
                                (isolate ? "/isolate" : "/restore")))
                        .header("Authorization", "Bearer " + TOKEN)
                        .timeout(Duration.ofMinutes(5))
                        .POST(HttpRequest.BodyPublishers.ofString(isolate ? "{\"shopset\":\"vip-1\"}" : ""))
                        .build();
                final long s0 = System.nanoTime();
                final HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                final long s1 = System.nanoTime();
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("admin write failed: " + r.statusCode() + ' ' + r.body());
                }
                if (!e.latch.await(5, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("replica 2 never served change " + i);
                }
                if (i >= 0) {
                    admin[i] = s1 - s0;
                    served[i] = e.seenNanos - s0;
                    if (changes <= 40 || i % 50 == 0) {
                        System.out.printf("  change %d (%s %s): admin %.1f ms, replica 2 serving after %.1f ms%n", i,
                                          isolate ? "isolate" : "restore", shop, admin[i] / 1e6, served[i] / 1e6);
                    }
                }
                lastShop = shop;
            }
            expected.set(null);
            final double runSeconds = (System.nanoTime() - runStart) / 1e9;
            System.out.printf("%n%d single-shop changes (%s through replica 1's admin API, after %d " +
                              "warm-up), %,d-shop table in Redis, %.1f s, GC %,d ms:%n", changes,
                              distinct ? "isolating a different shop each time" : "isolate, then restore, each shop",
                              warmup, shops, runSeconds, gcMillis() - gcBefore);
            print("  admin call on replica 1 (round trip)      ", admin);
            print("  admin call sent -> replica 2 serving it   ", served);

            // A real request through replica 2 confirms what its data plane serves.
            final boolean isolated = two.table().current().shop(lastShop).isolated();
            final int vipBefore = vip.requestsServed();
            final int k = Integer.parseInt(lastShop.substring("shop-".length()));
            final HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + two.gatewayAddress().getPort() + "/"))
                    .header("Host", "www.brand-" + k + ".example.com").build(), HttpResponse.BodyHandlers.ofString());
            System.out.printf("  proxied request for %s through replica 2: %d, served by %s (isolated: %s)%n",
                              lastShop, r.statusCode(), vip.requestsServed() > vipBefore ? "vip-1" : "a prod ShopSet",
                              isolated);
            one.close();
            two.close();
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
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

    /**
     * The microbenchmarks' shape (docs/performance.md): twelve ShopSets in three failure domains, two
     * replicas, every shop with one custom domain; even shops placed by the placer, odd ones explicit.
     * Plus the dedicated {@code vip-1}.
     */
    static RoutingState state(int n, String prodEndpoint, String vipEndpoint) {
        final List<ShopSet> sets = new ArrayList<>();
        for (int d = 0; d < DOMAINS.length; d++) {
            for (int k = 0; k < 4; k++) {
                sets.add(new ShopSet(set(d, k), "prod", "production", DOMAINS[d], false,
                                     List.of(Endpoint.parse(prodEndpoint)), null, 1.0, false));
            }
        }
        sets.add(new ShopSet("vip-1", "prod", "production", "dc-a", true, List.of(Endpoint.parse(vipEndpoint)), null,
                             1.0, false));
        final List<Shop> shops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            final List<String> explicit = (i & 1) == 0 ? null
                    : List.of(set(i % 3, (i / 3) % 4), set((i % 3 + 1) % 3, (i / 12) % 4));
            shops.add(new Shop("shop-" + i, List.of("www.brand-" + i + ".example.com"), null, null, explicit, null,
                               null));
        }
        return new RoutingState(List.of("shops.example.net"), 2, List.of(new Tier("prod", 30)),
                                Arrays.stream(DOMAINS).map(FailureDomain::new).toList(), sets, shops, null);
    }

    static String set(int domain, int k) {
        return "prod-" + DOMAINS[domain].substring(3) + k;
    }

    static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime()))
                .sum();
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
        System.out.printf("%s  p50 %9.2f ms  p90 %9.2f ms  p99 %9.2f ms  max %9.2f ms%n", label,
                          s[s.length / 2] / 1e6, s[(int) (s.length * 0.90)] / 1e6,
                          s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.99) - 1)] / 1e6, s[s.length - 1] / 1e6);
    }
}
