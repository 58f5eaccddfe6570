package io.shopset.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.shopset.admin.auth.Tokens;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.testkit.StubShopSet;

/**
 * Real stub ShopSets — prod-a (dc-a), prod-b (dc-b), vip-1 (dc-a, dedicated) — and gateway
 * processes started on ephemeral ports over them, each with its own folder (config, state file).
 * Shops: alpha ([prod-a, prod-b]), beta ([prod-b, prod-a]), gamma (placed).
 */
final class Cluster implements AutoCloseable {

    static final String TOKEN = "cluster-admin-token-0123456789";

    final StubShopSet a1 = StubShopSet.start("prod-a", "a1");
    final StubShopSet b1 = StubShopSet.start("prod-b", "b1");
    final StubShopSet v1 = StubShopSet.start("vip-1", "v1");
    final Path dir;
    final String store;
    final List<GatewayProcess> processes = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Cluster(Path dir, String store) {
        this.dir = dir;
        this.store = store;
    }

    String yaml() {
        return """
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
                  - {id: alpha, hosts: [www.alpha.example], shopsets: [prod-a, prod-b]}
                  - {id: beta, shopsets: [prod-b, prod-a]}
                  - {id: gamma}
                limits:   # the tests send bursts from one client: keep throttling out of the way
                  shop: {requestsPerSecond: 100000, burst: 100000, maxConcurrent: 1000}
                  client: {requestsPerSecond: 100000, burst: 100000}
                  clientTotal: {requestsPerSecond: 100000, burst: 100000}
                """.formatted(store, a1.endpoint(), b1.endpoint(), v1.endpoint());
    }

    /** Starts gateway process {@code name} (its folder keeps its state file across restarts). */
    GatewayProcess start(String name) throws Exception {
        final Path folder = Files.createDirectories(dir.resolve(name));
        final Path file = folder.resolve("shopset.yaml");
        if (!Files.exists(file)) {
            Files.writeString(file, yaml());
        }
        final GatewayConfig config = ConfigLoader.load(file);
        final GatewayProcess p = new GatewayProcess(file, config, Tokens.single(TOKEN),
                                                    new InetSocketAddress("127.0.0.1", 0),
                                                    new InetSocketAddress("127.0.0.1", 0));
        processes.add(p);
        return p;
    }

    /** The {@code X-ShopSet} that answered a GET for {@code host} through {@code p}, or "status N". */
    static String servedBy(GatewayProcess p, String host) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(p.gatewayAddress(), 2000);
            s.setSoTimeout(5000);
            final OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                              .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                                                                               StandardCharsets.ISO_8859_1));
            final String status = in.readLine();
            String shopSet = null;
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                if (line.regionMatches(true, 0, "X-ShopSet:", 0, 10)) {
                    shopSet = line.substring(10).trim();
                }
            }
            return status != null && status.contains(" 200 ") && shopSet != null ? shopSet : "status " + status;
        }
    }

    /** An admin API call on {@code p}; returns status and body. */
    HttpResponse<String> admin(GatewayProcess p, String method, String path, String body) throws Exception {
        final HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.adminAddress().getPort() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        for (GatewayProcess p : processes) {
            p.close();
        }
        a1.close();
        b1.close();
        v1.close();
    }
}
