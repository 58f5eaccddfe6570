package io.shopset.controller.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.shopset.controller.crd.Condition;
import io.shopset.controller.crd.ConditionStatus;
import io.shopset.controller.crd.ShopSetResource;
import io.shopset.controller.crd.ShopSetStatus;
import io.shopset.controller.crd.TierResource;

/**
 * The tier rule: a tier's wanted release is given to its ShopSets only when every ShopSet of every
 * lower tier runs it (its Deployments rolled out), has been {@code Ready} with it for the bake time,
 * and says so in its status; and, second gate ({@link ErrorGate}), when the 5xx share the gateways
 * saw for each lower tier over the bake time stays at most the threshold. A pure function of the
 * resources as they are (their statuses are the controller's own record of what it gave and what
 * rolled) and of the gateways' counts, so a release moves up one tier per reconcile at most and a
 * higher tier is never given a release first.
 *
 * <p>A lower tier that has already moved past the release (runs a newer one) holds it too: releases
 * are promoted upward in order; to skip one, set the higher tier to the newer release.
 */
public final class ReleaseGate {

    /** Held: a lower tier does not run the release Ready for the bake time yet. */
    public static final String LOWER_TIER_NOT_READY = "LowerTierNotReady";
    /** Held: a lower tier's 5xx share over the bake time is over the threshold. */
    public static final String LOWER_TIER_ERRORS = "LowerTierErrors";
    /** Held: the 5xx gate has no gateway counts for a lower tier over the bake time. */
    public static final String NO_GATEWAY_METRICS = "NoGatewayMetrics";

    /**
     * The decision for one tier.
     *
     * @param wanted    the tier's spec.release, {@code null} when it wants none
     * @param blockedBy the nearest lower tier that holds it, {@code null} when not held
     * @param reason    why it is held ({@link #LOWER_TIER_NOT_READY}, {@link #LOWER_TIER_ERRORS},
     *                  {@link #NO_GATEWAY_METRICS}), {@code ""} when not held
     * @param message   why it is held, for people ({@code ""} when not held)
     * @param recheckIn when it is held only by time (bake time, the gateways' counts): when to look again
     */
    public record TierDecision(@Nullable String wanted, @Nullable String blockedBy, String reason, String message,
                               @Nullable Duration recheckIn) {

        public boolean blocked() {
            return blockedBy != null;
        }
    }

    /**
     * @param tiers     by tier name
     * @param releases  per ShopSet whose target release changes now: the release it is given
     * @param recheckIn the shortest wait for a bake time to pass or the gateways' counts to change,
     *                  {@code null} when none is pending
     */
    public record Decisions(Map<String, TierDecision> tiers, Map<String, String> releases,
                            @Nullable Duration recheckIn) {
    }

    private ReleaseGate() {
    }

    public static Decisions decide(List<TierResource> tiers, List<ShopSetResource> shopSets, Instant now,
                                   Duration bakeTime, ErrorGate errors) {
        final List<TierResource> live = tiers.stream().filter(t -> !Observed.deleting(t) && t.getSpec() != null)
                                             .sorted(Comparator.comparingInt(t -> t.getSpec().getLevel())).toList();
        final Map<String, TierDecision> out = new LinkedHashMap<>();
        final Map<String, String> releases = new LinkedHashMap<>();
        Duration recheck = null;
        for (TierResource tier : live) {
            final String name = tier.getMetadata().getName();
            final String wanted = tier.getSpec().getRelease();
            if (wanted == null) {
                out.put(name, new TierDecision(null, null, "", "", null));
                continue;
            }
            TierDecision decision = new TierDecision(wanted, null, "", "", null);
            final List<TierResource> lower = new ArrayList<>(
                    live.stream().filter(t -> t.getSpec().getLevel() < tier.getSpec().getLevel()).toList());
            lower.sort(Comparator.comparingInt((TierResource t) -> t.getSpec().getLevel()).reversed());
            for (TierResource l : lower) {
                final String lName = l.getMetadata().getName();
                final List<String> lagging = new ArrayList<>();
                final List<ShopSetResource> members = members(shopSets, lName);
                Duration wait = null;
                boolean onlyBaking = true;
                for (ShopSetResource s : members) {
                    final ShopSetStatus st = s.getStatus();
                    final String runs = st == null ? null : st.getCurrentRelease();
                    final String target = st == null ? null : st.getTargetRelease();
                    final Condition ready = st == null ? null : st.condition(Condition.READY);
                    final String sName = s.getMetadata().getName();
                    if (!wanted.equals(runs)) {
                        lagging.add(sName + (wanted.equals(target) ? " (rolling out " + wanted + ')'
                                : " (runs " + (runs == null ? "no release" : runs) + ')'));
                        onlyBaking = false;
                    } else if (ready == null || ready.getStatus() != ConditionStatus.True) {
                        lagging.add(sName + " (not Ready)");
                        onlyBaking = false;
                    } else {
                        final Instant since = latest(st.getReleaseTime(), ready.getLastTransitionTime());
                        final Duration left = since == null ? Duration.ZERO : Duration.between(now, since.plus(bakeTime));
                        if (left.compareTo(Duration.ZERO) > 0) {
                            lagging.add(sName + " (baking, " + left.toSeconds() + "s left)");
                            wait = wait == null || left.compareTo(wait) < 0 ? left : wait;
                        }
                    }
                }
                if (!lagging.isEmpty()) {
                    decision = new TierDecision(wanted, lName, LOWER_TIER_NOT_READY,
                                                "tier " + lName + " has not run release " + wanted + " Ready for " +
                                                bakeTime.toSeconds() + "s yet: " + RoutingPlanner.abbreviate(lagging),
                                                onlyBaking ? wait : null);
                    if (onlyBaking && wait != null) {
                        recheck = min(recheck, wait);
                    }
                    break;
                }
                if (errors.enabled() && !members.isEmpty()) {
                    // Every member has baked: the last bake time lies inside the time it ran the release.
                    final Instant from = now.minus(bakeTime);
                    final ErrorGate.ErrorRatio r = errors.ratios().ratio(lName, from, now);
                    if (r == null) {
                        decision = new TierDecision(wanted, lName, NO_GATEWAY_METRICS,
                                                    "the 5xx gate has no gateway counts for tier " + lName + " since " +
                                                    Conditions.timestamp(from) + " (no gateway scraped twice since)",
                                                    errors.recheck());
                    } else if (r.value() > errors.maxRatio()) {
                        decision = new TierDecision(wanted, lName, LOWER_TIER_ERRORS,
                                                    "tier " + lName + "'s 5xx ratio seen by the gateways during the " +
                                                    "bake time is " + r.describe() + ", over the " +
                                                    ErrorGate.percent(errors.maxRatio()) + " threshold",
                                                    errors.recheck());
                    }
                    if (decision.blocked()) {
                        recheck = min(recheck, errors.recheck());
                        break;
                    }
                }
            }
            out.put(name, decision);
            if (!decision.blocked()) {
                for (ShopSetResource s : members(shopSets, name)) {
                    final String target = s.getStatus() == null ? null : s.getStatus().getTargetRelease();
                    if (!Objects.equals(target, wanted)) {
                        releases.put(s.getMetadata().getName(), wanted);
                    }
                }
            }
        }
        return new Decisions(out, releases, recheck);
    }

    private static Duration min(@Nullable Duration a, Duration b) {
        return a == null || b.compareTo(a) < 0 ? b : a;
    }

    private static List<ShopSetResource> members(List<ShopSetResource> shopSets, String tier) {
        return shopSets.stream().filter(s -> !Observed.deleting(s) && s.getSpec() != null &&
                                             tier.equals(s.getSpec().getTier())).toList();
    }

    private static @Nullable Instant latest(@Nullable String a, @Nullable String b) {
        final Instant x = parse(a);
        final Instant y = parse(b);
        if (x == null) {
            return y;
        }
        return y == null || x.isAfter(y) ? x : y;
    }

    static @Nullable Instant parse(@Nullable String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
