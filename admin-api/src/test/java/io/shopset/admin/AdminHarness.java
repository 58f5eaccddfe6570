package io.shopset.admin;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import io.shopset.admin.api.HealthView;
import io.shopset.admin.auth.TokensFile;
import io.shopset.admin.server.AdminServer;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.routing.config.Mappers;
import io.shopset.routing.store.FileRoutingStore;

/**
 * The admin API on an ephemeral port over a file store in a temporary folder, with three named
 * tokens ({@link #VIEWER}, {@link #OPERATOR}, {@link #ADMIN}), and a small HTTP client.
 *
 * <p>ShopSets prod-a (dc-a), prod-b (dc-b), prod-c (dc-c), vip-1 (dc-a, dedicated); shops alpha
 * (www.alpha.example; [prod-a, prod-b]), beta (placed), solo ([prod-c]).
 */
final class AdminHarness implements AutoCloseable {

    static final String VIEWER = "viewer-token-0123456789";
    static final String OPERATOR = "operator-token-0123456789";
    static final String ADMIN = "admin-token-0123456789";

    static final String YAML = """
            platformDomains: [shops.test]
            replicas: 2
            tiers: [{name: prod, level: 30}]
            failureDomains: [{name: dc-a}, {name: dc-b}, {name: dc-c}]
            shopsets:
              - {name: prod-a, tier: prod, failureDomain: dc-a, endpoints: [127.0.0.1:9001]}
              - {name: prod-b, tier: prod, failureDomain: dc-b, endpoints: [127.0.0.1:9002]}
              - {name: prod-c, tier: prod, failureDomain: dc-c, endpoints: [127.0.0.1:9003]}
              - {name: vip-1, tier: prod, failureDomain: dc-a, dedicated: true, endpoints: [127.0.0.1:9004]}
            shops:
              - {id: alpha, hosts: [www.alpha.example], shopsets: [prod-a, prod-b]}
              - {id: beta}
              - {id: solo, shopsets: [prod-c]}
            """;

    final Path dir;
    final Path stateFile;
    final RoutingTable table = new RoutingTable();
    final FileRoutingStore store;
    final AdminServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    AdminHarness(Path dir) throws Exception {
        this(dir, HealthView.ALL_HEALTHY);
    }

    AdminHarness(Path dir, HealthView health) throws Exception {
        this.dir = dir;
        final Path config = dir.resolve("shopset.yaml");
        if (!Files.exists(config)) {
            Files.writeString(config, YAML);
        }
        final Path tokens = dir.resolve("tokens.yaml");
        Files.writeString(tokens, """
                tokens:
                  - {name: vera, role: viewer, token: %s}
                  - {name: otto, role: operator, token: %s}
                  - {name: ada, role: admin, token: %s}
                """.formatted(VIEWER, OPERATOR, ADMIN));
        final GatewayConfig c = ConfigLoader.load(config);
        stateFile = dir.resolve("state.json");
        store = FileRoutingStore.open(config, c, stateFile, FileRoutingStore.auditFileFor(stateFile), table, null,
                                      r -> { });
        server = AdminApi.start(new InetSocketAddress("127.0.0.1", 0),
                                AdminApi.router(TokensFile.load(tokens, null), table, store, health, null,
                                                Clock.systemUTC(), () -> true, () -> ""));
    }

    record Response(int status, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return Mappers.json().readTree(raw.body());
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + raw.body(), e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String body() {
            return raw.body();
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    Response get(String path, String token) {
        return call("GET", path, token, null);
    }

    Response post(String path, String token, String body) {
        return call("POST", path, token, body);
    }

    Response put(String path, String token, String body, String... headers) {
        return call("PUT", path, token, body, headers);
    }

    Response call(String method, String path, String token, String body, String... headers) {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.localAddress()
                                                                        .getPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            final HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r);
        } catch (Exception e) {
            throw new AssertionError(method + ' ' + path + " failed", e);
        }
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
