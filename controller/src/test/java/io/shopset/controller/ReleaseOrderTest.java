package io.shopset.controller;

import static io.shopset.controller.ShopSetControllerTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.shopset.controller.crd.Condition;
import io.shopset.controller.crd.ConditionStatus;
import io.shopset.controller.crd.FailureDomainResource;
import io.shopset.controller.crd.ShopSetResource;
import io.shopset.controller.crd.ShopSetStatus;
import io.shopset.controller.crd.TierResource;
import io.shopset.controller.crd.TierStatus;
import io.shopset.testkit.RedisServer;

/**
 * The tier rule on the mock API server, with real Redis: a release set on prod while beta lags is
 * held (ReleaseBlocked naming beta) and goes ahead only once every lower tier runs it — its
 * Deployments patched to the release's image and rolled out (the test plays the Deployment
 * controller by setting their status) — Ready for the bake time (10 minutes, on the test's clock).
 * A higher tier's Deployments are never patched first. Prints what {@code kubectl get tiers} and
 * {@code kubectl get shopsets} show at each step.
 */
class ReleaseOrderTest {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private static final String OLD = "registry.example.com/shop:1.9";
    private static final String NEW = "registry.example.com/shop:2.0";
    private static final List<String> ALL = List.of("dev-a", "beta-a", "beta-b", "prod-a", "prod-b");

    private MockCluster cluster;
    private ShopSetController controller;

    @BeforeEach
    void setUp() throws Exception {
        redis.flushAll();
        cluster = new MockCluster();
        cluster.configuration("production");
        cluster.domain("dc-a");
        cluster.domain("dc-b");
        cluster.tier("dev", 0, null);
        cluster.tier("beta", 10, null);
        cluster.tier("prod", 30, null);
        cluster.shopSet("dev-a", "dev", "dc-a", "10.0.0.1");
        cluster.shopSet("beta-a", "beta", "dc-a", "10.0.1.1");
        cluster.shopSet("beta-b", "beta", "dc-b", "10.0.1.2");
        cluster.shopSet("prod-a", "prod", "dc-a", "10.0.2.1");
        cluster.shopSet("prod-b", "prod", "dc-b", "10.0.2.2");
        for (String s : ALL) {
            cluster.deployment(s, OLD, 2);
        }
        controller = cluster.start("controller-0", cluster.redisStore(redis.uri()));
        eventually().untilAsserted(() -> {
            for (String s : ALL) {
                assertThat(ready(s)).isEqualTo(ConditionStatus.True);
            }
        });
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @Test
    void aReleaseReachesATierOnlyAfterEveryLowerTierRolledItOutAndRanItReadyForTheBakeTime() {
        cluster.setRelease("prod", "2.0");
        eventually().untilAsserted(() -> {
            final TierStatus prod = cluster.tierResource("prod").getStatus();
            assertThat(prod.condition(Condition.RELEASE_BLOCKED).getStatus()).isEqualTo(ConditionStatus.True);
            assertThat(prod.condition(Condition.RELEASE_BLOCKED).getReason()).isEqualTo("LowerTierNotReady");
            assertThat(prod.getBlockedBy()).isEqualTo("beta");
            assertThat(prod.condition(Condition.RELEASE_BLOCKED).getMessage())
                    .contains("tier beta has not run release 2.0").contains("beta-a (runs no release)");
            final ShopSetStatus prodA = cluster.shopSetResource("prod-a").getStatus();
            assertThat(prodA.condition(Condition.RELEASE_BLOCKED).getStatus()).isEqualTo(ConditionStatus.True);
            assertThat(prodA.condition(Condition.RELEASE_BLOCKED).getReason()).isEqualTo("LowerTierNotReady");
        });
        show("1. prod wants 2.0; beta runs no release: prod is held");
        assertThat(cluster.image("prod-a")).isEqualTo(OLD);
        assertThat(target("prod-a")).isNull();

        // dev has no lower tier: its Deployment is patched at once, but it runs 2.0 only once rolled out.
        cluster.setRelease("dev", "2.0");
        eventually().untilAsserted(() -> {
            assertThat(cluster.image("dev-a")).isEqualTo(NEW);
            assertThat(target("dev-a")).isEqualTo("2.0");
            assertThat(cluster.shopSetResource("dev-a").getStatus().condition(Condition.RELEASE_BLOCKED).getReason())
                    .isEqualTo("RollingOut");
        });
        assertThat(cluster.deploymentResource("dev-a").getSpec().getTemplate().getSpec().getContainers().get(0)
                          .getImage()).as("only the release container").isEqualTo("registry.example.com/envoy:1.30");
        cluster.rollOut("dev-a", 1, 1);
        eventually().untilAsserted(() -> assertThat(cluster.shopSetResource("dev-a").getStatus()
                .condition(Condition.RELEASE_BLOCKED).getMessage()).contains("1 of 2 replicas updated, 1 ready"));
        show("2. dev wants 2.0: its Deployment is patched and rolling out (1 of 2 updated)");
        assertThat(release("dev-a")).as("not rolled out yet").isNull();
        cluster.rollOut("dev-a", 2, 2);
        eventually().untilAsserted(() -> assertThat(release("dev-a")).isEqualTo("2.0"));

        // beta waits for dev's bake time.
        cluster.setRelease("beta", "2.0");
        eventually().untilAsserted(() -> {
            final TierStatus beta = cluster.tierResource("beta").getStatus();
            assertThat(beta.getBlockedBy()).isEqualTo("dev");
            assertThat(beta.condition(Condition.RELEASE_BLOCKED).getMessage()).contains("dev-a (baking");
        });
        show("3. dev rolled out 2.0 and bakes; beta wants 2.0 and waits for dev's bake time");
        assertThat(cluster.image("beta-a")).isEqualTo(OLD);

        cluster.clock.advance(Duration.ofMinutes(11));
        controller.trigger();
        eventually().untilAsserted(() -> {
            assertThat(cluster.image("beta-a")).isEqualTo(NEW);
            assertThat(cluster.image("beta-b")).isEqualTo(NEW);
            final TierStatus prod = cluster.tierResource("prod").getStatus();
            assertThat(prod.getBlockedBy()).isEqualTo("beta");
            assertThat(prod.condition(Condition.RELEASE_BLOCKED).getMessage()).contains("beta-a (rolling out 2.0)");
        });
        // beta's Deployments do not roll: however long prod waits, it stays held.
        cluster.clock.advance(Duration.ofMinutes(30));
        controller.trigger();
        eventually().untilAsserted(() -> assertThat(cluster.tierResource("prod").getStatus()
                .condition(Condition.RELEASE_BLOCKED).getMessage()).contains("beta-b (rolling out 2.0)"));
        show("4. past dev's bake time beta got 2.0; its Deployments have not rolled out, so prod stays held");
        assertThat(cluster.image("prod-a")).as("a higher tier is never given a release first").isEqualTo(OLD);
        assertThat(target("prod-a")).isNull();

        cluster.rollOut("beta-a", 2, 2);
        cluster.rollOut("beta-b", 2, 2);
        eventually().untilAsserted(() -> {
            assertThat(release("beta-a")).isEqualTo("2.0");
            assertThat(release("beta-b")).isEqualTo("2.0");
            assertThat(cluster.tierResource("prod").getStatus().condition(Condition.RELEASE_BLOCKED).getMessage())
                    .contains("beta-a (baking, 600s left)");
        });
        show("5. beta rolled out 2.0 and bakes");
        assertThat(cluster.image("prod-a")).isEqualTo(OLD);

        cluster.clock.advance(Duration.ofMinutes(11));
        controller.trigger();
        eventually().untilAsserted(() -> {
            assertThat(cluster.image("prod-a")).isEqualTo(NEW);
            assertThat(cluster.image("prod-b")).isEqualTo(NEW);
            assertThat(cluster.tierResource("prod").getStatus().condition(Condition.RELEASE_BLOCKED).getReason())
                    .isEqualTo("RollingOut");
        });
        cluster.rollOut("prod-a", 2, 2);
        cluster.rollOut("prod-b", 2, 2);
        eventually().untilAsserted(() -> {
            assertThat(release("prod-a")).isEqualTo("2.0");
            assertThat(release("prod-b")).isEqualTo("2.0");
            final TierStatus prod = cluster.tierResource("prod").getStatus();
            assertThat(prod.condition(Condition.RELEASE_BLOCKED).getStatus()).isEqualTo(ConditionStatus.False);
            assertThat(prod.condition(Condition.RELEASE_BLOCKED).getReason()).isEqualTo("ReleaseApplied");
            assertThat(prod.getCurrentRelease()).isEqualTo("2.0");
            assertThat(prod.getBlockedBy()).isNull();
            assertThat(prod.getShopSetsRunningRelease()).containsExactly("prod-a", "prod-b");
        });
        show("6. past beta's bake time prod got 2.0 and rolled it out");
        System.out.println(KubectlTable.get("failuredomains", "failuredomains.shopset.io-v1.yml",
                                            cluster.client.resources(FailureDomainResource.class).list().getItems(),
                                            Instant.now(), false));
        System.out.println(KubectlTable.get("configurations", "configurations.shopset.io-v1.yml",
                                            cluster.client.resources(io.shopset.controller.crd.ConfigurationResource.class)
                                                          .list().getItems(), Instant.now(), false));
    }

    private void show(String step) {
        System.out.println("== " + step + " (test clock " + cluster.clock.instant() + ")");
        System.out.println(KubectlTable.get("tiers", "tiers.shopset.io-v1.yml",
                                            cluster.client.resources(TierResource.class).list().getItems(),
                                            Instant.now(), false));
        System.out.println(KubectlTable.get("shopsets", "shopsets.shopset.io-v1.yml",
                                            cluster.client.resources(ShopSetResource.class).list().getItems(),
                                            Instant.now(), true));
    }

    private ConditionStatus ready(String shopSet) {
        return cluster.shopSetResource(shopSet).getStatus().condition(Condition.READY).getStatus();
    }

    private String release(String shopSet) {
        final ShopSetStatus s = cluster.shopSetResource(shopSet).getStatus();
        return s == null ? null : s.getCurrentRelease();
    }

    private String target(String shopSet) {
        final ShopSetStatus s = cluster.shopSetResource(shopSet).getStatus();
        return s == null ? null : s.getTargetRelease();
    }
}
