package io.shopset.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.shopset.controller.crd.Condition;
import io.shopset.controller.crd.ConditionStatus;
import io.shopset.controller.crd.ShopSetResource;
import io.shopset.controller.crd.ShopSetSpec;
import io.shopset.controller.crd.ShopSetStatus;
import io.shopset.controller.crd.TierResource;
import io.shopset.controller.crd.TierSpec;
import io.shopset.controller.reconcile.ErrorGate.ErrorRatio;

/** {@link ReleaseGate} with the 5xx gate, as the pure function it is. */
class ReleaseGateTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Duration BAKE = Duration.ofMinutes(10);

    @Test
    void theGateAsksForEachLowerTiersRatioOverItsBakeTime_andHoldsOnlyOverTheThreshold() {
        // beta rolled out 2.0 15 minutes ago (baked); dev 40 minutes ago.
        final List<ShopSetResource> sets = List.of(member("dev-a", "dev", NOW.minusSeconds(2400)),
                                                   member("beta-a", "beta", NOW.minusSeconds(900)),
                                                   member("prod-a", "prod", null));
        final List<String> asked = new ArrayList<>();
        final ErrorGate.ErrorRatios ratios = (tier, from, to) -> {
            asked.add(tier + ' ' + from + ' ' + to);
            return tier.equals("beta") ? new ErrorRatio(10, 1000, 2, from, to) : new ErrorRatio(0, 0, 2, from, to);
        };

        final ReleaseGate.TierDecision atOnePercent = ReleaseGate.decide(
                tiers(), sets, NOW, BAKE, new ErrorGate(true, 0.01, Duration.ofSeconds(15), ratios)).tiers().get("prod");
        assertThat(atOnePercent.blocked()).as("1.00% is not over 1%").isFalse();
        // beta's decision looks at dev; prod's at beta, then dev: each over the last bake time.
        assertThat(asked).containsExactly("dev 2026-11-22T11:50:00Z 2026-11-22T12:00:00Z",
                                          "beta 2026-11-22T11:50:00Z 2026-11-22T12:00:00Z",
                                          "dev 2026-11-22T11:50:00Z 2026-11-22T12:00:00Z");

        final ReleaseGate.Decisions held = ReleaseGate.decide(tiers(), sets, NOW, BAKE,
                                                              new ErrorGate(true, 0.005, Duration.ofSeconds(15), ratios));
        final ReleaseGate.TierDecision prod = held.tiers().get("prod");
        assertThat(prod.blockedBy()).isEqualTo("beta");
        assertThat(prod.reason()).isEqualTo(ReleaseGate.LOWER_TIER_ERRORS);
        assertThat(prod.message()).isEqualTo("tier beta's 5xx ratio seen by the gateways during the bake time is " +
                                             "1.00% (10 of 1000 requests from 2 gateways), over the 0.50% threshold");
        assertThat(held.releases()).as("prod is given nothing").doesNotContainKey("prod-a");
        assertThat(held.recheckIn()).isEqualTo(Duration.ofSeconds(15));

        assertThat(ReleaseGate.decide(tiers(), sets, NOW, BAKE, ErrorGate.off()).releases()).containsEntry("prod-a", "2.0");
    }

    @Test
    void withoutCountsTheGateHolds_andABakingTierIsNotAskedYet() {
        final List<ShopSetResource> baking = List.of(member("beta-a", "beta", NOW.minusSeconds(60)),
                                                     member("prod-a", "prod", null));
        final List<String> asked = new ArrayList<>();
        final ErrorGate gate = new ErrorGate(true, 0.01, Duration.ofSeconds(15), (tier, from, to) -> {
            asked.add(tier);
            return null;
        });

        final ReleaseGate.TierDecision bakingProd = ReleaseGate.decide(tiers(), baking, NOW, BAKE, gate).tiers().get("prod");
        assertThat(bakingProd.reason()).isEqualTo(ReleaseGate.LOWER_TIER_NOT_READY);
        assertThat(bakingProd.recheckIn()).isEqualTo(Duration.ofSeconds(540));
        assertThat(asked).isEmpty();

        final List<ShopSetResource> baked = List.of(member("beta-a", "beta", NOW.minusSeconds(660)),
                                                    member("prod-a", "prod", null));
        final ReleaseGate.TierDecision prod = ReleaseGate.decide(tiers(), baked, NOW, BAKE, gate).tiers().get("prod");
        assertThat(prod.reason()).isEqualTo(ReleaseGate.NO_GATEWAY_METRICS);
        assertThat(prod.message()).isEqualTo("the 5xx gate has no gateway counts for tier beta since " +
                                             "2026-11-22T11:50:00Z (no gateway scraped twice since)");
    }

    private static List<TierResource> tiers() {
        final List<TierResource> out = new ArrayList<>();
        for (Object[] t : new Object[][] {{"dev", 0}, {"beta", 10}, {"prod", 30}}) {
            final TierResource r = new TierResource();
            r.setMetadata(new ObjectMetaBuilder().withName((String) t[0]).build());
            final TierSpec spec = new TierSpec();
            spec.setLevel((Integer) t[1]);
            spec.setRelease("2.0");
            r.setSpec(spec);
            out.add(r);
        }
        return out;
    }

    /** A ShopSet of {@code tier}; when {@code rolledAt} is set, it runs 2.0 since then, Ready. */
    private static ShopSetResource member(String name, String tier, Instant rolledAt) {
        final ShopSetResource r = new ShopSetResource();
        r.setMetadata(new ObjectMetaBuilder().withName(name).build());
        final ShopSetSpec spec = new ShopSetSpec();
        spec.setTier(tier);
        spec.setFailureDomain("dc-a");
        r.setSpec(spec);
        final ShopSetStatus st = new ShopSetStatus();
        if (rolledAt != null) {
            st.setTargetRelease("2.0");
            st.setCurrentRelease("2.0");
            st.setReleaseTime(rolledAt.toString());
        }
        st.setConditions(List.of(new Condition(Condition.READY, ConditionStatus.True, 1L, "2026-11-22T09:00:00Z",
                                               "Serving", "")));
        r.setStatus(st);
        return r;
    }
}
