package io.shopset.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * overlay renders with {@code kubectl kustomize}: kubectl must be installed (bin/test installs it);
 * {@code -Dshopset.skipKubectl=true} skips that, on purpose only.
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
                                     "apps/deployments:get,list,watch,patch",
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
        assertThat(np.getSpec().getIngress()).as("the controller scrapes the gateways' /metrics (5xx gate)")
                .anySatisfy(rule -> {
                    assertThat(rule.getPorts()).anySatisfy(p -> assertThat(p.getPort().getIntVal()).isEqualTo(9090));
                    assertThat(rule.getFrom()).anySatisfy(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                            .containsEntry("app.kubernetes.io/name", "shopset-controller"));
                });
        final Deployment controller = find(all, Deployment.class, "shopset-controller");
        assertThat(controller.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsSubsequence("--gateway-service", "$(POD_NAMESPACE)/shopset-gateway", "--gateway-admin-port", "9090");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void overlayRendersWithKubectlKustomize(String overlay) throws Exception {
        if (Boolean.getBoolean("shopset.skipKubectl")) {
            Assumptions.abort("-Dshopset.skipKubectl=true: not rendering the overlays with kubectl");
        }
        assertThat(kubectl()).as("kubectl must be installed to render the overlays (bin/test installs the Debian " +
                                 "package kubernetes-client; -Dshopset.skipKubectl=true skips this test)").isTrue();
        final Process p = new ProcessBuilder("kubectl", "kustomize", K8S.resolve("overlays").resolve(overlay).toString())
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        final CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(err.get(), StandardCharsets.UTF_8)).isZero();
        final KubernetesList list = new KubernetesList();
        list.setItems(SERIALIZATION.unmarshal(out));
        assertThat(list.getItems()).extracting(HasMetadata::getKind).contains("Deployment", "CustomResourceDefinition");
        assertThat(list.getItems()).filteredOn(o -> !o.getKind().startsWith("Cluster") &&
                                                  !o.getKind().equals("CustomResourceDefinition"))
                                   .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).startsWith("shopset-"));
        assertThat(list.getItems()).filteredOn(o -> !o.getKind().equals("CustomResourceDefinition"))
                                   .allSatisfy(o -> assertThat(o.getMetadata().getLabels())
                                           .containsEntry("app.kubernetes.io/part-of", "shopset"));
        final Deployment controller = find(list.getItems(), Deployment.class, "shopset-controller");
        final Deployment gateway = find(list.getItems(), Deployment.class, "shopset-gateway");
        final List<String> args = controller.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        assertThat(args.get(3)).isEqualTo("--bake-time");
        switch (overlay) {
            case "dev" -> {
                assertThat(args.get(4)).isEqualTo("1m");
                assertThat(controller.getSpec().getReplicas()).isEqualTo(1);
                assertThat(gateway.getSpec().getReplicas()).isEqualTo(1);
            }
            case "staging" -> assertThat(args.get(4)).isEqualTo("5m");
            default -> {
                assertThat(args.get(4)).isEqualTo("10m");
                assertThat(gateway.getSpec().getReplicas()).isEqualTo(3);
                assertThat(controller.getSpec().getReplicas()).isEqualTo(2);
            }
        }
        assertThat(gateway.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(v -> assertThat(
                v.getConfigMap() == null ? "" : v.getConfigMap().getName()).startsWith("shopset-config-"));
    }

    /**
     * Debian's kubernetes-client (what bin/test installs) is kubectl 1.20, whose kustomize (2.0)
     * knows no {@code labels}, {@code replicas} or {@code patches} and takes directories only under
     * {@code bases}: the kustomizations keep to what it knows, so both it and current kubectl render them.
     */
    @Test
    void kustomizationsKeepToWhatKubectl120Renders() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList()) {
                final com.fasterxml.jackson.databind.JsonNode k = new com.fasterxml.jackson.databind.ObjectMapper(
                        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(f.toFile());
                assertThat(k.has("labels") || k.has("replicas") || k.has("patches") || k.has("components"))
                        .as(f + ": labels, replicas, patches and components need kustomize 3+").isFalse();
                for (com.fasterxml.jackson.databind.JsonNode r : k.path("resources")) {
                    assertThat(Files.isRegularFile(f.getParent().resolve(r.asText())))
                            .as(f + ": resources lists files only (directories go under bases): " + r.asText()).isTrue();
                }
            }
        }
    }

    private static boolean kubectl() {
        try {
            final Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
