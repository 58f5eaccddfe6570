package io.shopset.controller;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.store.FileRoutingStore;
import io.shopset.routing.store.RoutingStore;
import io.shopset.routing.store.redis.RedisRoutingStore;

/**
 * {@code shopset controller}: one controller replica as its own process. The configuration file is
 * the gateways' (its {@code store: redis://…} names the shared routing store the controller writes;
 * its routing part seeds Redis when Redis is empty, as a gateway's would). The Kubernetes
 * connection comes from the pod's service account (or {@code KUBECONFIG}). A small HTTP listener
 * answers {@code /healthz} (the process runs), {@code /readyz} (its caches are synced: it can lead)
 * and {@code /metrics} (Prometheus text: leadership, reconcile passes, gateway scrapes).
 */
public final class ControllerProcess implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ControllerProcess.class);

    private final KubernetesClient client;
    private final KubernetesClient electionClient;
    private final RoutingStore store;
    private final ShopSetController controller;
    private final HttpServer health;

    private ControllerProcess(KubernetesClient client, KubernetesClient electionClient, RoutingStore store,
                              ShopSetController controller, HttpServer health) {
        this.client = client;
        this.electionClient = electionClient;
        this.store = store;
        this.controller = controller;
        this.health = health;
    }

    /**
     * Starts the controller.
     *
     * @param healthListen {@code host:port} of the health listener
     * @throws IllegalArgumentException when the file's store is not Redis (a controller process cannot
     *                                  share the file store with gateways)
     * @throws ConfigException          when neither Redis nor the local files give a valid state
     * @throws IOException              when the health listener cannot bind
     */
    public static ControllerProcess start(Path configFile, GatewayConfig config, ControllerSettings settings,
                                          String healthListen) throws ConfigException, IOException {
        if (!config.store().startsWith("redis://")) {
            throw new IllegalArgumentException(configFile + ": the controller writes the routing store that the " +
                                               "gateways share; set store: redis://host:port/db (found \"" +
                                               config.store() + "\")");
        }
        final Endpoint listen = Endpoint.parse(healthListen);
        final Path dir = configFile.toAbsolutePath().getParent();
        final Path stateFile = dir == null ? Path.of(config.stateFile()) : dir.resolve(config.stateFile());
        final RoutingStore store = RedisRoutingStore.start(config.store(), config.routingState(),
                                                           RedisRoutingStore.lastGoodFileFor(stateFile),
                                                           FileRoutingStore.auditFileFor(stateFile), new RoutingTable());
        final KubernetesClient client = new KubernetesClientBuilder().build();
        final KubernetesClient electionClient = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withRequestRetryBackoffLimit(0).build()).build();
        final ShopSetController controller = ShopSetController.start(client, electionClient, store, settings);
        final HttpServer health = HttpServer.create(new InetSocketAddress(listen.host(), listen.port()), 16);
        health.createContext("/healthz", ex -> reply(ex, 200, "ok\n"));
        health.createContext("/readyz", ex -> reply(ex, controller.ready() ? 200 : 503,
                                                    controller.ready() ? "ready\n" : "caches not synced\n"));
        health.createContext("/metrics", ex -> reply(ex, 200, metrics(controller, settings.identity())));
        health.setExecutor(Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "shopset-controller-health");
            t.setDaemon(true);
            return t;
        }));
        health.start();
        logger.info("controller {} started: store {}, lease {}/{}, health on {}", settings.identity(), store.describe(),
                    settings.leaseNamespace(), settings.leaseName(), healthListen);
        return new ControllerProcess(client, electionClient, store, controller, health);
    }

    public ShopSetController controller() {
        return controller;
    }

    private static String metrics(ShopSetController c, String identity) {
        return "# HELP shopset_controller_leader 1 while this replica holds the Lease\n" +
               "# TYPE shopset_controller_leader gauge\n" +
               "shopset_controller_leader{identity=\"" + identity + "\"} " + (c.leading() ? 1 : 0) + '\n' +
               "# HELP shopset_controller_reconciles_total Reconcile passes run by this replica\n" +
               "# TYPE shopset_controller_reconciles_total counter\n" +
               "shopset_controller_reconciles_total " + c.passes() + '\n' +
               "# HELP shopset_controller_last_reconcile_seconds How long the last reconcile pass took\n" +
               "# TYPE shopset_controller_last_reconcile_seconds gauge\n" +
               "shopset_controller_last_reconcile_seconds " + c.lastPass().toNanos() / 1e9 + '\n' +
               "# HELP shopset_controller_gateway_scrapes_total Rounds of gateway /metrics scrapes (the 5xx gate)\n" +
               "# TYPE shopset_controller_gateway_scrapes_total counter\n" +
               "shopset_controller_gateway_scrapes_total " + c.scraper().rounds() + '\n' +
               "# HELP shopset_controller_gateway_scrape_failures_total Gateway /metrics scrapes that failed\n" +
               "# TYPE shopset_controller_gateway_scrape_failures_total counter\n" +
               "shopset_controller_gateway_scrape_failures_total " + c.scraper().failures() + '\n';
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Steps down (releasing the Lease at once), stops, closes the store and the clients. */
    @Override
    public void close() {
        health.stop(0);
        controller.close();
        store.close();
        electionClient.close();
        client.close();
    }
}
