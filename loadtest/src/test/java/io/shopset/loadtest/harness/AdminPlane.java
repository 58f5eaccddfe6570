package io.shopset.loadtest.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

import io.shopset.admin.AdminApi;
import io.shopset.admin.api.HealthView;
import io.shopset.admin.api.Router;
import io.shopset.admin.auth.Tokens;
import io.shopset.admin.server.AdminServer;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.routing.store.FileRoutingStore;

/**
 * The control path of the in-process platform, wired as {@code shopset serve} wires it with the file
 * store: the routing table is fed by a {@link FileRoutingStore} (a fresh state file per run, so an
 * earlier run's isolation never carries over), and the admin API listens on a free loopback port
 * with a bearer token made up for this run (role admin). A change made through the API is published
 * into the gateway's table before the API answers.
 */
final class AdminPlane implements AutoCloseable {

    private final FileRoutingStore store;
    private final AdminServer server;
    private final String token;

    private AdminPlane(FileRoutingStore store, AdminServer server, String token) {
        this.store = store;
        this.server = server;
        this.token = token;
    }

    /**
     * Opens the store for {@code configFile} (already written) into {@code table}, then starts the
     * admin API. The state and audit files go beside {@code configFile}.
     */
    static AdminPlane start(Path configFile, GatewayConfig config, RoutingTable table)
            throws ConfigException, InterruptedException {
        final Path stateFile = configFile.resolveSibling(configFile.getFileName().toString()
                                                                   .replace("-shopset.yaml", "-state.json"));
        final Path auditFile = FileRoutingStore.auditFileFor(stateFile);
        final FileRoutingStore store;
        try {
            Files.deleteIfExists(stateFile);
            Files.deleteIfExists(auditFile);
            store = FileRoutingStore.open(configFile, config, stateFile, auditFile, table, null, result -> { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + stateFile, e);
        }
        final byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        final String token = HexFormat.of().formatHex(secret);
        try {
            final Router router = AdminApi.router(Tokens.single(token), table, store, HealthView.ALL_HEALTHY, null,
                                                  Clock.systemUTC(), () -> true, () -> "");
            return new AdminPlane(store, AdminApi.start(new InetSocketAddress("127.0.0.1", 0), router), token);
        } catch (InterruptedException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    String url() {
        final InetSocketAddress a = server.localAddress();
        return "http://" + a.getHostString() + ':' + a.getPort();
    }

    /** The bearer token of this run (role admin). */
    String token() {
        return token;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            store.close();
        }
    }
}
