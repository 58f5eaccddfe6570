package io.shopset.controller;

import static io.shopset.controller.ShopSetControllerTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.shopset.controller.crd.Condition;
import io.shopset.controller.crd.ConditionStatus;
import io.shopset.controller.crd.ShopSetStatus;
import io.shopset.controller.crd.TierStatus;
import io.shopset.routing.model.RoutingState;

/**
 * The tier rule: a release set on prod while beta lags is held (ReleaseBlocked naming beta) and
 * goes ahead only once every lower tier runs it Ready for the bake time (10 minutes, on the test's
 * clock).
 */
class ReleaseOrderTest {

    private MockCluster cluster;
    private ShopSetController controller;

    @BeforeEach
    void setUp() throws Exception {
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
        controller = cluster.start("controller-0", new MemoryRoutingStore(
                new RoutingState(List.of("shops.test"), 2, List.of(), List.of(), List.of(), List.of(), null)));
        eventually().untilAsserted(() -> {
            for (String s : List.of("dev-a", "beta-a", "beta-b", "prod-a", "prod-b")) {
                assertThat(ready(s)).isEqualTo(ConditionStatus.True);
            }
        });
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @Test
    void aReleaseReachesATierOnlyAfterEveryLowerTierRanItForTheBakeTime() {
        cluster.setRelease("prod", "2.0");
        eventually().untilAsserted(() -> {
            final TierStatus prod = cluster.tierResource("prod").getStatus();
            assertThat(prod.condition(Condition.RELEASE_BLOCKED).getStatus()).isEqualTo(ConditionStatus.True);
            assertThat(prod.getBlockedBy()).isEqualTo("beta");
            assertThat(prod.condition(Condition.RELEASE_BLOCKED).getMessage())
                    .contains("tier beta has not run release 2.0").contains("beta-a (runs no release)");
            final ShopSetStatus prodA = cluster.shopSetResource("prod-a").getStatus();
            assertThat(prodA.condition(Condition.RELEASE_BLOCKED).getStatus()).isEqualTo(ConditionStatus.True);
            assertThat(prodA.condition(Condition.RELEASE_BLOCKED).getReason()).isEqualTo("LowerTierNotReady");
        });
        assertThat(release("prod-a")).isNull();

        // dev has no lower tier: it gets the release at once.
        cluster.setRelease("dev", "2.0");
        eventually().untilAsserted(() -> assertThat(release("dev-a")).isEqualTo("2.0"));

        // beta waits for dev's bake time.
        cluster.setRelease("beta", "2.0");
        eventually().untilAsserted(() -> {
            final TierStatus beta = cluster.tierResource("beta").getStatus();
            assertThat(beta.getBlockedBy()).isEqualTo("dev");
            assertThat(beta.condition(Condition.RELEASE_BLOCKED).getMessage()).contains("dev-a (baking");
        });
        assertThat(release("beta-a")).isNull();

        cluster.clock.advance(Duration.ofMinutes(11));
        controller.trigger();
        eventually().untilAsserted(() -> {
            assertThat(release("beta-a")).isEqualTo("2.0");
            assertThat(release("beta-b")).isEqualTo("2.0");
            assertThat(cluster.tierResource("prod").getStatus().getBlockedBy()).isEqualTo("beta");
        });
        assertThat(release("prod-a")).as("a higher tier is never given a release first").isNull();

        cluster.clock.advance(Duration.ofMinutes(11));
        controller.trigger();
        eventually().untilAsserted(() -> {
            assertThat(release("prod-a")).isEqualTo("2.0");
            assertThat(release("prod-b")).isEqualTo("2.0");
            final TierStatus prod = cluster.tierResource("prod").getStatus();
            assertThat(prod.condition(Condition.RELEASE_BLOCKED).getStatus()).isEqualTo(ConditionStatus.False);
            assertThat(prod.condition(Condition.RELEASE_BLOCKED).getReason()).isEqualTo("ReleaseApplied");
            assertThat(prod.getCurrentRelease()).isEqualTo("2.0");
            assertThat(prod.getBlockedBy()).isNull();
        });
    }

    private ConditionStatus ready(String shopSet) {
        return cluster.shopSetResource(shopSet).getStatus().condition(Condition.READY).getStatus();
    }

    private String release(String shopSet) {
        final ShopSetStatus s = cluster.shopSetResource(shopSet).getStatus();
        return s == null ? null : s.getCurrentRelease();
    }
}
