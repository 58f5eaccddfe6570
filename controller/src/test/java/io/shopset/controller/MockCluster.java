package io.shopset.controller;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.shopset.controller.crd.ConfigurationResource;
import io.shopset.controller.crd.ConfigurationSpec;
import io.shopset.controller.crd.Crds;
import io.shopset.controller.crd.FailureDomainResource;
import io.shopset.controller.crd.FailureDomainSpec;
import io.shopset.controller.crd.ServiceRef;
import io.shopset.controller.crd.ShopSetResource;
import io.shopset.controller.crd.ShopSetSpec;
import io.shopset.controller.crd.TierResource;
import io.shopset.controller.crd.TierSpec;
import io.shopset.controller.kube.Caches;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.store.RoutingStore;
import io.shopset.routing.store.redis.RedisRoutingStore;

/**
 * fabric8's mock API server in CRUD mode (a real HTTP server on a free port) with the committed
 * CRDs registered, clients for it, routing stores on a real Redis, and helpers to create the
 * resources the tests need.
 */
final class MockCluster implements AutoCloseable {

    static final Path CRDS = Path.of("..", "k8s", "crds");
    /** The mock server logs every request at INFO through java.util.logging: keep it (strongly) at WARNING. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /** The routing state a fresh Redis is seeded with: no tiers, domains, ShopSets or shops. */
    static final RoutingState EMPTY = new RoutingState(List.of("shops.test"), 2, List.of(), List.of(), List.of(),
                                                       List.of(), null);

    final KubernetesMockServer server;
    final KubernetesClient client;
    final TestClock clock = new TestClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final List<KubernetesClient> clients = new ArrayList<>();
    private final List<ShopSetController> controllers = new ArrayList<>();
    private final List<RoutingStore> stores = new ArrayList<>();
    private Path dir;

    MockCluster() throws IOException {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                                          new KubernetesCrudDispatcher(List.of()), false);
        server.init();
        client = newClient(false);
        try (Stream<Path> files = Files.list(CRDS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    client.apiextensions().v1().customResourceDefinitions()
                          .resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
                          .create();
                }
            }
        }
    }

    /** A client; {@code failFast}: no request retries (the leader elector's). */
    KubernetesClient newClient(boolean failFast) {
        final KubernetesClient c = failFast
                ? server.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig())
                : server.createClient();
        clients.add(c);
        return c;
    }

    /**
     * Settings fast enough for tests: short lease, quick retries, bake time 10 minutes on the test
     * clock; the 5xx gate off (ErrorGateTest turns it on with gateways to scrape).
     */
    ControllerSettings.Builder settings(String identity) {
        return ControllerSettings.builder(identity)
                                 .leaseNamespace("shopset-system")
                                 .election(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(200))
                                 .minInterval(Duration.ofMillis(20))
                                 .maxBackoff(Duration.ofMillis(500))
                                 .resync(Duration.ofSeconds(5))
                                 .bakeTime(Duration.ofMinutes(10))
                                 .errorGate(false, 0.01)
                                 .clock(clock);
    }

    ShopSetController start(String identity, RoutingStore store) {
        return start(store, settings(identity).build());
    }

    ShopSetController start(RoutingStore store, ControllerSettings settings) {
        final ShopSetController c = ShopSetController.start(newClient(false), newClient(true), store, settings);
        controllers.add(c);
        return c;
    }

    /**
     * A routing store on the real Redis at {@code redisUri} (seeded with {@link #EMPTY} when Redis
     * is empty), as a controller process opens it; closed with the cluster.
     */
    RedisRoutingStore redisStore(String redisUri) throws ConfigException, IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("shopset-controller-test");
        }
        final Path state = dir.resolve("state-" + stores.size() + ".json");
        final RedisRoutingStore s = RedisRoutingStore.start(redisUri, EMPTY, RedisRoutingStore.lastGoodFileFor(state),
                                                            state.resolveSibling(state.getFileName() + ".audit"),
                                                            new RoutingTable());
        stores.add(s);
        return s;
    }

    void tier(String name, int level, String release) {
        final TierResource t = new TierResource();
        t.setMetadata(new ObjectMetaBuilder().withName(name).build());
        final TierSpec spec = new TierSpec();
        spec.setLevel(level);
        spec.setRelease(release);
        t.setSpec(spec);
        client.resource(t).create();
    }

    void setRelease(String tier, String release) {
        retryOnConflict(() -> client.resources(TierResource.class).withName(tier).edit(t -> {
            t.getSpec().setRelease(release);
            return t;
        }));
    }

    void domain(String name) {
        final FailureDomainResource d = new FailureDomainResource();
        d.setMetadata(new ObjectMetaBuilder().withName(name).build());
        d.setSpec(new FailureDomainSpec());
        client.resource(d).create();
    }

    void cordon(String domain, boolean cordoned) {
        retryOnConflict(() -> client.resources(FailureDomainResource.class).withName(domain).edit(d -> {
            d.getSpec().setCordoned(cordoned);
            return d;
        }));
    }

    /**
     * A spec edit, as a person's {@code kubectl edit} would do it: the controller writes status
     * concurrently (a new resourceVersion), so a 409 means read again and reapply.
     */
    private static void retryOnConflict(Runnable edit) {
        for (int attempt = 1; ; attempt++) {
            try {
                edit.run();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 20) {
                    throw e;
                }
            }
        }
    }

    void configuration(String name) {
        final ConfigurationResource c = new ConfigurationResource();
        c.setMetadata(new ObjectMetaBuilder().withName(name).build());
        final ConfigurationSpec spec = new ConfigurationSpec();
        spec.setValues(Map.of("ENV", name));
        c.setSpec(spec);
        client.resource(c).create();
    }

    void shopSet(String name, String tier, String domain, String... endpoints) {
        final ShopSetResource s = new ShopSetResource();
        s.setMetadata(new ObjectMetaBuilder().withName(name).build());
        final ShopSetSpec spec = new ShopSetSpec();
        spec.setTier(tier);
        spec.setFailureDomain(domain);
        spec.setService(new ServiceRef("shops", name, "http"));
        s.setSpec(spec);
        client.resource(s).create();
        slice(name, endpoints);
    }

    /** Creates or replaces the one EndpointSlice of ShopSet {@code name}'s Service: ready pods on port 8080. */
    void slice(String name, String... readyAddresses) {
        final List<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint> eps = new ArrayList<>();
        for (String a : readyAddresses) {
            eps.add(new EndpointBuilder().withAddresses(a).withNewConditions().withReady(true).endConditions().build());
        }
        // A pod that is not ready never reaches the routing store.
        eps.add(new EndpointBuilder().withAddresses("10.9.9.9").withNewConditions().withReady(false).endConditions().build());
        final EndpointSlice slice = new EndpointSliceBuilder()
                .withNewMetadata().withName(name + "-abcde").withNamespace("shops")
                .addToLabels(Caches.SERVICE_NAME_LABEL, name).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort()
                .addNewPort().withName("metrics").withPort(9100).withProtocol("TCP").endPort()
                .withEndpoints(eps)
                .build();
        client.resource(slice).createOr(op -> op.update());
    }

    /**
     * Creates Deployment {@code shops/<shopSet>-web} labelled {@code shopset.io/shopset=<shopSet>}, its
     * one container {@code web} on {@code image}, rolled out: its status says every replica runs its
     * template (as the Deployment controller would report it).
     */
    void deployment(String shopSet, String image, int replicas) {
        final Deployment d = new DeploymentBuilder()
                .withNewMetadata().withName(shopSet + "-web").withNamespace("shops")
                .addToLabels(Crds.SHOPSET_LABEL, shopSet)
                .addToAnnotations(Crds.RELEASE_CONTAINER_ANNOTATION, "web").endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", shopSet).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", shopSet).endMetadata()
                .withNewSpec()
                .addNewContainer().withName("sidecar").withImage("registry.example.com/envoy:1.30").endContainer()
                .addNewContainer().withName("web").withImage(image).endContainer()
                .endSpec().endTemplate().endSpec()
                .build();
        client.resource(d).create();
        rollOut(shopSet, replicas, replicas);
    }

    Deployment deploymentResource(String shopSet) {
        return client.apps().deployments().inNamespace("shops").withName(shopSet + "-web").get();
    }

    /** The image of the release container of ShopSet {@code shopSet}'s Deployment. */
    String image(String shopSet) {
        return deploymentResource(shopSet).getSpec().getTemplate().getSpec().getContainers().get(1).getImage();
    }

    /**
     * Sets the status of ShopSet {@code shopSet}'s Deployment as the Deployment controller would
     * while it rolls its current template: {@code updated} of the replicas run it, {@code ready} of
     * them are ready (while not all are updated, one old pod still runs: a surge), the generation
     * observed.
     */
    void rollOut(String shopSet, int updated, int ready) {
        final Deployment d = deploymentResource(shopSet);
        final int replicas = d.getSpec().getReplicas();
        d.setStatus(new DeploymentStatusBuilder()
                            .withObservedGeneration(d.getMetadata().getGeneration())
                            .withReplicas(updated < replicas ? replicas + 1 : replicas)
                            .withUpdatedReplicas(updated).withReadyReplicas(ready).withAvailableReplicas(ready)
                            .build());
        client.apps().deployments().inNamespace("shops").resource(d).updateStatus();
    }

    ShopSetResource shopSetResource(String name) {
        return client.resources(ShopSetResource.class).withName(name).get();
    }

    TierResource tierResource(String name) {
        return client.resources(TierResource.class).withName(name).get();
    }

    FailureDomainResource domainResource(String name) {
        return client.resources(FailureDomainResource.class).withName(name).get();
    }

    @Override
    public void close() {
        controllers.forEach(ShopSetController::close);
        stores.forEach(RoutingStore::close);
        clients.forEach(KubernetesClient::close);
        server.destroy();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        private final AtomicReference<Instant> now;

        TestClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
