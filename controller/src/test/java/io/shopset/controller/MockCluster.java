package io.shopset.controller;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
import io.shopset.controller.crd.FailureDomainResource;
import io.shopset.controller.crd.FailureDomainSpec;
import io.shopset.controller.crd.ServiceRef;
import io.shopset.controller.crd.ShopSetResource;
import io.shopset.controller.crd.ShopSetSpec;
import io.shopset.controller.crd.TierResource;
import io.shopset.controller.crd.TierSpec;
import io.shopset.controller.kube.Caches;

/**
 * fabric8's mock API server in CRUD mode (a real HTTP server on a free port) with the committed
 * CRDs registered, clients for it, and helpers to create the resources the tests need.
 */
final class MockCluster implements AutoCloseable {

    static final Path CRDS = Path.of("..", "k8s", "crds");

    final KubernetesMockServer server;
    final KubernetesClient client;
    final TestClock clock = new TestClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final List<KubernetesClient> clients = new ArrayList<>();
    private final List<ShopSetController> controllers = new ArrayList<>();

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

    /** Settings fast enough for tests: short lease, quick retries, bake time 10 minutes on the test clock. */
    ControllerSettings.Builder settings(String identity) {
        return ControllerSettings.builder(identity)
                                 .leaseNamespace("shopset-system")
                                 .election(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(200))
                                 .minInterval(Duration.ofMillis(20))
                                 .maxBackoff(Duration.ofMillis(500))
                                 .resync(Duration.ofSeconds(5))
                                 .bakeTime(Duration.ofMinutes(10))
                                 .clock(clock);
    }

    ShopSetController start(String identity, io.shopset.routing.store.RoutingStore store) {
        final ShopSetController c = ShopSetController.start(newClient(false), newClient(true), store,
                                                            settings(identity).build());
        controllers.add(c);
        return c;
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
        clients.forEach(KubernetesClient::close);
        server.destroy();
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
