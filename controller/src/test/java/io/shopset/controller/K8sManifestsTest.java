package io.shopset.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.routing.model.Endpoint;

/**
 * The manifests under {@code k8s/}: every one parses as Kubernetes objects (fabric8), and the
 * facts that must agree do: probes on the admin port of the config, the grace period covering
 * {@code shutdown.preStopDelay + drainTimeout}, least-privilege RBAC, a private admin port. Each
 * overlay renders with {@code kubectl kustomize} when kubectl is installed (skipped otherwise).
 */
class K8sManifestsTest {

    private static final Path K8S = Path.of("..", "k8s");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @Test
    void everyManifestParses() throws IOException {
        final List<HasMetadata> all = base();
        assertThat(all).extracting(HasMetadata::getKind).contains(
                "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ServiceAccount",
                "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "NetworkPolicy");
        for (Path f : yamlFiles(K8S.resolve("crds"))) {
            assertThat(load(f)).extracting(HasMetadata::getKind).containsOnly("CustomResourceDefinition");
        }
        assertThat(load(K8S.resolve("monitoring").resolve("prometheus-rules.yaml")))
                .extracting(HasMetadata::getKind).containsExactly("PrometheusRule");
    }

    @Test
    void gatewayProbesAndGracePeriodMatchTheConfig() throws Exception {
        for (Path dir : List.of(K8S.resolve("base"), K8S.resolve("overlays/dev"), K8S.resolve("overlays/staging"),
                                K8S.resolve("overlays/prod"))) {
            final GatewayConfig config = ConfigLoader.load(dir.resolve("config.yaml"));
            final Deployment gateway = find(base(), Deployment.class, "shopset-gateway");
            final long grace = gateway.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
            final long needed = config.shutdown().preStopDelay().plus(config.shutdown().drainTimeout()).toSeconds() + 5;
            assertThat(grace).as(dir + ": terminationGracePeriodSeconds >= preStopDelay + drainTimeout + 5s")
                             .isGreaterThanOrEqualTo(needed);
            assertThat(config.shutdown().preStopDelay().toSeconds()).as(dir + ": preStopDelay").isBetween(5L, 15L);
            final Container c = gateway.getSpec().getTemplate().getSpec().getContainers().get(0);
            final int adminPort = Endpoint.parse(config.admin().listen()).port();
            assertThat(c.getPorts()).anySatisfy(p -> {
                assertThat(p.getName()).isEqualTo("admin");
                assertThat(p.getContainerPort()).isEqualTo(adminPort);
            });
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
            assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("admin");
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
            assertThat(config.store()).as(dir + ": the controller needs the shared store").startsWith("redis://");
        }
    }

    @Test
    void controllerRbacIsLeastPrivilege() throws IOException {
        final List<HasMetadata> all = base();
        final ClusterRole role = find(all, ClusterRole.class, "shopset-controller");
        final List<String> granted = new ArrayList<>();
        for (PolicyRule r : role.getRules()) {
            for (String res : r.getResources()) {
                granted.add(r.getApiGroups().get(0) + '/' + res + ':' + String.join(",", r.getVerbs()));
            }
            assertThat(r.getResources()).doesNotContain("*");
            assertThat(r.getVerbs()).doesNotContain("*", "delete", "deletecollection");
        }
        assertThat(granted).contains("shopset.io/shopsets:get,list,watch,update",
                                     "shopset.io/shopsets/status:get,update,patch",
                                     "shopset.io/shopsets/finalizers:update",
                                     "shopset.io/tiers/status:get,update,patch",
                                     "shopset.io/failuredomains/finalizers:update",
                                     "discovery.k8s.io/endpointslices:get,list,watch",
                                     "/events:create,patch");
        assertThat(granted).noneMatch(g -> g.startsWith("coordination.k8s.io"))
                           .as("leases only through the namespaced Role");
        final Role leases = find(all, Role.class, "shopset-controller-leader-election");
        assertThat(leases.getRules()).singleElement().satisfies(r -> {
            assertThat(r.getApiGroups()).containsExactly("coordination.k8s.io");
            assertThat(r.getResources()).containsExactly("leases");
        });
    }

    @Test
    void adminPortStaysPrivate() throws IOException {
        final List<HasMetadata> all = base();
        for (HasMetadata o : all) {
            if (o instanceof Service s) {
                assertThat(s.getSpec().getPorts()).noneMatch(p -> p.getPort() == 9090 || "admin".equals(
                        p.getTargetPort() == null ? null : p.getTargetPort().getStrVal()));
                assertThat(s.getSpec().getType()).isEqualTo("ClusterIP");
            }
        }
        final NetworkPolicy np = find(all, NetworkPolicy.class, "shopset-gateway");
        assertThat(np.getSpec().getIngress()).allSatisfy(rule -> {
            final boolean admin = rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 9090);
            if (admin) {
                assertThat(rule.getFrom()).as("the admin port admits only listed peers").isNotEmpty();
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void overlayRendersWithKubectlKustomize(String overlay) throws Exception {
        Assumptions.assumeTrue(kubectl(), "kubectl is not installed (Debian: apt-get install kubernetes-client)");
        final Process p = new ProcessBuilder("kubectl", "kustomize", K8S.resolve("overlays").resolve(overlay).toString())
                .redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        final KubernetesList list = new KubernetesList();
        list.setItems(SERIALIZATION.unmarshal(out));
        assertThat(list.getItems()).extracting(HasMetadata::getKind).contains("Deployment", "CustomResourceDefinition");
        assertThat(list.getItems()).filteredOn(o -> !o.getKind().startsWith("Cluster") &&
                                                  !o.getKind().equals("CustomResourceDefinition"))
                                   .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).startsWith("shopset-"));
    }

    private static boolean kubectl() {
        try {
            return new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start()
                                                                        .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static List<HasMetadata> base() throws IOException {
        final List<HasMetadata> all = new ArrayList<>();
        for (Path f : yamlFiles(K8S.resolve("base"))) {
            all.addAll(load(f));
        }
        return all;
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                final String n = p.getFileName().toString();
                return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.equals("kustomization.yaml") &&
                       !n.equals("config.yaml");
            }).sorted().toList();
        }
    }

    private static List<HasMetadata> load(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            final Object o = SERIALIZATION.unmarshal(in);
            if (o instanceof List<?> l) {
                return l.stream().map(HasMetadata.class::cast).toList();
            }
            return List.of((HasMetadata) o);
        }
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> all, Class<T> type, String name) {
        return all.stream().filter(type::isInstance).map(type::cast)
                  .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }
}
