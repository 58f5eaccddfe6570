package io.shopset.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.shopset.admin.auth.Tokens;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.testkit.StubShopSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shopset demo}: the whole system on one machine with no other services. Stub ShopSets (small
 * real HTTP servers on loopback) in two failure domains plus a dedicated one, a handful of shops,
 * the gateway on 127.0.0.1:8080 and the admin API on 127.0.0.1:9090. The generated configuration is
 * a real file: edit it and the gateway reloads it live. The access log goes to
 * {@value #ACCESS_LOG} beside it, so the console keeps to the banner and the logs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
         description = "Run the whole system locally with stub ShopSets and demo shops.")
final class DemoCommand implements Callable<Integer> {

    /** The demo's access log, in its folder: one JSON line per request, kept off the console. */
    static final String ACCESS_LOG = "shopset-demo-access.log";

    @Option(names = "--port", defaultValue = "8080", description = "Gateway port (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--admin-port", defaultValue = "9090", description = "Admin port (0: any free port). Default: ${DEFAULT-VALUE}.")
    int adminPort;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the demo configuration (default: a new temporary folder).")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final List<StubShopSet> stubs = new ArrayList<>();
        final CountDownLatch stop = Signals.awaitTermination();
        try {
            final StubShopSet a1 = stub(stubs, "prod-a", "prod-a-pod-1");
            final StubShopSet a2 = stub(stubs, "prod-a", "prod-a-pod-2");
            final StubShopSet b1 = stub(stubs, "prod-b", "prod-b-pod-1");
            final StubShopSet b2 = stub(stubs, "prod-b", "prod-b-pod-2");
            final StubShopSet v1 = stub(stubs, "vip-1", "vip-1-pod-1");
            final StubShopSet s1 = stub(stubs, "stg-a", "stg-a-pod-1");
            final String yaml = config(a1, a2, b1, b2, v1, s1);
            final Path folder = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("shopset-demo-");
            final Path file = folder.resolve("shopset.yaml");
            final Path accessLog = folder.resolve(ACCESS_LOG);
            Files.writeString(file, yaml.replace("@STATE@", folder.resolve("shopset-state.json").toString())
                                        .replace("@ACCESS_LOG@", accessLog.toString()));
            final GatewayConfig config = ConfigLoader.load(file);
            final String token = System.getenv().getOrDefault(config.admin().tokenEnv(),
                                                              "demo-" + UUID.randomUUID().toString().substring(0, 8));
            final GatewayProcess process;
            try {
                process = new GatewayProcess(file, config, Tokens.single(token), new InetSocketAddress("127.0.0.1", port),
                                             new InetSocketAddress("127.0.0.1", adminPort));
            } catch (Exception e) {
                err.printf("error: cannot start the demo: %s (try --port 0 --admin-port 0)%n", Failures.describe(e));
                err.flush();
                return 1;
            }
            try (process) {
                printWelcome(out, process, file, accessLog, token);
                stop.await();
                out.println("stopping the demo...");
                out.flush();
                process.stop();
            }
            return 0;
        } finally {
            stubs.forEach(StubShopSet::close);
        }
    }

    private static StubShopSet stub(List<StubShopSet> stubs, String shopSet, String endpoint) {
        final StubShopSet s = StubShopSet.start(shopSet, endpoint);
        stubs.add(s);
        return s;
    }

    private static String config(StubShopSet a1, StubShopSet a2, StubShopSet b1, StubShopSet b2, StubShopSet v1,
                                 StubShopSet s1) {
        return """
                # ShopSet Gateway demo configuration. Edit and save: the gateway reloads it live.
                listen: 127.0.0.1:8080
                admin:
                  listen: 127.0.0.1:9090
                  tokenEnv: SHOPSET_ADMIN_TOKEN
                store: file
                stateFile: @STATE@
                accessLog: {path: "@ACCESS_LOG@"}
                platformDomains: [shops.test]
                replicas: 2
                tiers:
                  - {name: dev,  level: 0}
                  - {name: prod, level: 30}
                failureDomains:
                  - {name: dc-a}
                  - {name: dc-b}
                shopsets:
                  - name: prod-a
                    tier: prod
                    configuration: production
                    failureDomain: dc-a
                    endpoints: [%s, %s]
                  - name: prod-b
                    tier: prod
                    configuration: production
                    failureDomain: dc-b
                    endpoints: [%s, %s]
                  - name: vip-1
                    tier: prod
                    configuration: production
                    failureDomain: dc-a
                    dedicated: true
                    endpoints: [%s]
                  - name: stg-a
                    tier: dev
                    configuration: staging
                    failureDomain: dc-a
                    endpoints: [%s]
                shops:
                  - id: alpha
                    hosts: [www.alpha.example]
                    shopsets: [prod-a, prod-b]
                  - id: beta
                    hosts: [beta.example]
                    shopsets: [prod-b, prod-a]
                  - id: gamma
                  - id: delta
                  - id: flash
                    hosts: [www.flash-sale.example]
                    shopsets: [vip-1]
                  - id: preview
                    configuration: staging
                    tier: dev
                """.formatted(a1.endpoint(), a2.endpoint(), b1.endpoint(), b2.endpoint(), v1.endpoint(),
                              s1.endpoint());
    }

    private static void printWelcome(PrintWriter out, GatewayProcess process, Path file, Path accessLog,
                                     String token) {
        final int gw = process.gatewayAddress().getPort();
        final int ad = process.adminAddress().getPort();
        out.printf("""

                ShopSet Gateway demo is running.
                  gateway   http://127.0.0.1:%1$d
                  admin     http://127.0.0.1:%2$d   (token: %3$s)
                  status    http://127.0.0.1:%2$d/   (open it in a browser; it asks for the token)
                  config    %4$s   (edit it; the gateway reloads it live)
                  access    %5$s   (one JSON line per request: tail -f it)
                  ShopSets  prod-a (dc-a, 2 pods), prod-b (dc-b, 2 pods), vip-1 (dc-a, dedicated), stg-a (staging)

                Try:
                  curl -H 'Host: alpha.shops.test' http://127.0.0.1:%1$d/          # alpha on prod-a (its first ShopSet)
                  curl -H 'Host: www.alpha.example' http://127.0.0.1:%1$d/         # the same shop by its custom domain
                  curl -H 'Host: beta.shops.test' http://127.0.0.1:%1$d/           # beta prefers prod-b
                  curl -H 'Host: gamma.shops.test' http://127.0.0.1:%1$d/          # gamma, placed by the placer
                  curl -H 'Host: www.flash-sale.example' http://127.0.0.1:%1$d/    # isolated on dedicated vip-1
                  curl -H 'Host: preview.shops.test' http://127.0.0.1:%1$d/        # staging shop on stg-a
                  curl -i -H 'Host: nobody.shops.test' http://127.0.0.1:%1$d/      # unknown host: 404
                  curl http://127.0.0.1:%2$d/readyz
                  curl -H 'Authorization: Bearer %3$s' http://127.0.0.1:%2$d/api/v1/routing-table
                  curl -H 'Authorization: Bearer %3$s' -d '{"shopset":"vip-1"}' http://127.0.0.1:%2$d/api/v1/shops/alpha/isolate
                  SHOPSET_ADMIN_TOKEN=%3$s bin/shopset admin --url http://127.0.0.1:%2$d explain alpha.shops.test
                  curl -s http://127.0.0.1:%2$d/metrics | grep shopset_requests_total

                Press Ctrl-C to stop.
                """, gw, ad, token, file, accessLog);
        out.flush();
    }
}
