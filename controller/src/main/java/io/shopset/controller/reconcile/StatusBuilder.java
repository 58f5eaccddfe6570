package io.shopset.controller.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.shopset.controller.crd.Condition;
import io.shopset.controller.crd.ConditionStatus;
import io.shopset.controller.crd.ConfigurationResource;
import io.shopset.controller.crd.ConfigurationStatus;
import io.shopset.controller.crd.FailureDomainResource;
import io.shopset.controller.crd.FailureDomainStatus;
import io.shopset.controller.crd.ShopSetResource;
import io.shopset.controller.crd.ShopSetStatus;
import io.shopset.controller.crd.TierResource;
import io.shopset.controller.crd.TierStatus;
import io.shopset.controller.reconcile.RoutingPlan.ShopSetFacts;
import io.shopset.routing.config.ConfigError;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.place.Placements;

/**
 * Every resource's status after one reconcile, from the plan, the state in the store and the
 * release decisions. Pure; {@code lastTransitionTime} moves only when a condition's status flips,
 * and messages hold nothing that changes on every pass, so an unchanged world gives unchanged
 * statuses (and no status writes).
 */
public final class StatusBuilder {

    private final RoutingPlan plan;
    private final RoutingState state;
    private final ReleaseGate.Decisions releases;
    private final Map<String, Rollout> rollouts;
    private final Instant now;
    private final Map<String, ShopSet> sets = new HashMap<>();
    private final Map<String, Integer> shopsPerSet = new HashMap<>();
    private final Map<String, Integer> shopsPerDomain = new HashMap<>();

    /**
     * @param state    the routing state in the store after the write (or without one)
     * @param rollouts per ShopSet with a target release: where the release stands on its Deployments
     */
    public StatusBuilder(RoutingPlan plan, RoutingState state, ReleaseGate.Decisions releases,
                         Map<String, Rollout> rollouts, Instant now) {
        this.plan = plan;
        this.state = state;
        this.releases = releases;
        this.rollouts = rollouts;
        this.now = now;
        state.shopsets().forEach(s -> sets.put(s.name(), s));
        for (List<String> placement : Placements.all(state).values()) {
            final Set<String> domains = new HashSet<>();
            for (String name : placement) {
                shopsPerSet.merge(name, 1, Integer::sum);
                final ShopSet s = sets.get(name);
                if (s != null && domains.add(s.failureDomain())) {
                    shopsPerDomain.merge(s.failureDomain(), 1, Integer::sum);
                }
            }
        }
    }

    public ShopSetStatus shopSet(ShopSetResource r) {
        final String name = r.getMetadata().getName();
        final ShopSetStatus old = r.getStatus();
        final Conditions c = new Conditions(old, r.getMetadata().getGeneration(), now);
        final ShopSetFacts f = plan.shopSets().get(name);
        final ShopSet model = sets.get(name);
        final ShopSetStatus s = new ShopSetStatus();
        s.setObservedGeneration(r.getMetadata().getGeneration());
        final List<Endpoint> ready = f == null ? List.of() : f.readyEndpoints();
        s.setReadyEndpoints(ready.size());
        s.setEndpoints(model == null ? new ArrayList<>() : new ArrayList<>(model.endpoints().stream().map(Endpoint::toString).toList()));
        s.setShopCount(shopsPerSet.getOrDefault(name, 0));
        final String given = releases.releases().get(name);
        final String target = given != null ? given : old == null ? null : old.getTargetRelease();
        final Rollout rollout = target == null ? null : rollouts.get(name);
        s.setTargetRelease(target);
        s.setDeployments(rollout == null ? null : rollout.deployments());
        if (rollout != null && rollout.rolled()) {
            final boolean same = old != null && target.equals(old.getCurrentRelease()) && old.getReleaseTime() != null;
            s.setCurrentRelease(target);
            s.setReleaseTime(same ? old.getReleaseTime() : Conditions.timestamp(now));
        } else if (old != null) {
            s.setCurrentRelease(old.getCurrentRelease());
            s.setReleaseTime(old.getReleaseTime());
        }
        final String held = plan.held().get(RoutingPlan.key(RoutingPlanner.SHOPSET, name));
        final List<Condition> conditions = new ArrayList<>();
        if (f != null && f.problem() != null) {
            conditions.add(c.make(Condition.READY, false, f.problem().reason(), f.problem().message()));
        } else if (f != null && f.deleting()) {
            conditions.add(c.make(Condition.READY, false, "Deleting", held != null ? held : "leaving the routing store"));
        } else if (!plan.errors().isEmpty()) {
            conditions.add(c.make(Condition.READY, false, "InvalidRoutingState", errors(plan.errors())));
        } else if (model == null) {
            conditions.add(c.make(Condition.READY, false, "NotInRoutingStore", "not written to the routing store"));
        } else if (ready.isEmpty()) {
            conditions.add(c.make(Condition.READY, false, "NoReadyEndpoints", "its Service has no ready endpoint"));
        } else {
            conditions.add(c.make(Condition.READY, true, "Serving",
                                  ready.size() + " ready endpoint" + (ready.size() == 1 ? "" : "s") + " in the routing store"));
        }
        final String blocked = r.getSpec() == null ? null : drainBlocked(name, r.getSpec().getFailureDomain());
        if (f != null && f.drainReason() != null) {
            conditions.add(c.make(Condition.DRAINING, true, f.drainReason(), Objects.requireNonNullElse(f.drainMessage(), "")));
        } else if (blocked != null) {
            conditions.add(c.make(Condition.DRAINING, false, "DrainBlocked", blocked));
        } else {
            conditions.add(c.make(Condition.DRAINING, false, "NotDraining", ""));
        }
        final ReleaseGate.TierDecision tier = r.getSpec() == null ? null : releases.tiers().get(r.getSpec().getTier());
        if (tier == null || tier.wanted() == null) {
            conditions.add(c.make(Condition.RELEASE_BLOCKED, false, "NoRelease", "its tier wants no release"));
        } else if (tier.blocked() && !tier.wanted().equals(target)) {
            conditions.add(c.make(Condition.RELEASE_BLOCKED, true, tier.reason(), tier.message()));
        } else if (!tier.wanted().equals(s.getCurrentRelease())) {
            conditions.add(c.make(Condition.RELEASE_BLOCKED, false, "RollingOut",
                                  rollout == null ? "rolling out " + tier.wanted() : rollout.message()));
        } else {
            conditions.add(c.make(Condition.RELEASE_BLOCKED, false, "ReleaseApplied", "runs release " + tier.wanted() +
                                  (rollout == null ? "" : " (" + rollout.message() + ')')));
        }
        s.setConditions(conditions);
        return s;
    }

    /** @param shopSetStatuses the ShopSets' statuses of this pass ({@link #shopSet}), by name */
    public TierStatus tier(TierResource r, List<ShopSetResource> shopSets, Map<String, ShopSetStatus> shopSetStatuses) {
        final String name = r.getMetadata().getName();
        final TierStatus old = r.getStatus();
        final Conditions c = new Conditions(old, r.getMetadata().getGeneration(), now);
        final TierStatus s = new TierStatus();
        s.setObservedGeneration(r.getMetadata().getGeneration());
        final List<ShopSetResource> members = shopSets.stream()
                .filter(x -> x.getSpec() != null && name.equals(x.getSpec().getTier()) && !Observed.deleting(x)).toList();
        s.setShopSetCount(members.size());
        final ReleaseGate.TierDecision d = releases.tiers().get(name);
        final List<Condition> conditions = new ArrayList<>();
        conditions.add(readyCondition(c, r.getMetadata().getDeletionTimestamp() != null, RoutingPlanner.TIER, name,
                                      state.tiers().stream().anyMatch(t -> t.name().equals(name))));
        final List<String> running = new ArrayList<>();
        int rolled = 0;
        if (d != null && d.wanted() != null) {
            for (ShopSetResource m : members) {
                final ShopSetStatus st = shopSetStatuses.getOrDefault(m.getMetadata().getName(), m.getStatus());
                if (st == null || !d.wanted().equals(st.getCurrentRelease())) {
                    continue;
                }
                rolled++;
                final Condition ready = st.condition(Condition.READY);
                if (ready != null && ready.getStatus() == ConditionStatus.True) {
                    running.add(m.getMetadata().getName());
                }
            }
        }
        s.setCurrentRelease(old == null ? null : old.getCurrentRelease());
        if (d == null || d.wanted() == null) {
            conditions.add(c.make(Condition.RELEASE_BLOCKED, false, "NoRelease", "no release wanted"));
        } else if (d.blocked()) {
            s.setBlockedBy(d.blockedBy());
            conditions.add(c.make(Condition.RELEASE_BLOCKED, true, d.reason(), d.message()));
        } else if (rolled < members.size()) {
            conditions.add(c.make(Condition.RELEASE_BLOCKED, false, "RollingOut", "release " + d.wanted() +
                                  " given to its " + members.size() + " ShopSets; " + rolled + " rolled out"));
        } else {
            s.setCurrentRelease(d.wanted());
            conditions.add(c.make(Condition.RELEASE_BLOCKED, false, "ReleaseApplied",
                                  "release " + d.wanted() + " rolled out on its " + members.size() + " ShopSets"));
        }
        s.setShopSetsRunningRelease(running);
        s.setConditions(conditions);
        return s;
    }

    public FailureDomainStatus failureDomain(FailureDomainResource r) {
        final String name = r.getMetadata().getName();
        final Conditions c = new Conditions(r.getStatus(), r.getMetadata().getGeneration(), now);
        final FailureDomainStatus s = new FailureDomainStatus();
        s.setObservedGeneration(r.getMetadata().getGeneration());
        final int setCount = (int) state.shopsets().stream().filter(x -> x.failureDomain().equals(name)).count();
        final int draining = (int) state.shopsets().stream().filter(x -> x.failureDomain().equals(name) && x.draining()).count();
        s.setShopSetCount(setCount);
        s.setShopCount(shopsPerDomain.getOrDefault(name, 0));
        final List<Condition> conditions = new ArrayList<>();
        conditions.add(readyCondition(c, r.getMetadata().getDeletionTimestamp() != null, RoutingPlanner.DOMAIN, name,
                                      state.failureDomains().stream().anyMatch(d -> d.name().equals(name))));
        final boolean cordoned = r.getSpec() != null && Boolean.TRUE.equals(r.getSpec().getCordoned());
        final String blocked = plan.drainBlocked().get("FailureDomain " + name);
        if (!cordoned) {
            conditions.add(c.make(Condition.DRAINING, false, "NotCordoned", ""));
        } else if (blocked != null) {
            conditions.add(c.make(Condition.DRAINING, false, "DrainBlocked", blocked));
        } else {
            conditions.add(c.make(Condition.DRAINING, true, "Cordoned", draining + " of its " + setCount +
                                                                         " ShopSets draining; shops moved to other domains"));
        }
        s.setConditions(conditions);
        return s;
    }

    public ConfigurationStatus configuration(ConfigurationResource r, List<ShopSetResource> shopSets) {
        final String name = r.getMetadata().getName();
        final Conditions c = new Conditions(r.getStatus(), r.getMetadata().getGeneration(), now);
        final ConfigurationStatus s = new ConfigurationStatus();
        s.setObservedGeneration(r.getMetadata().getGeneration());
        s.setShopSetCount((int) shopSets.stream()
                .filter(x -> x.getSpec() != null && name.equals(RoutingPlanner.configuration(x.getSpec()))).count());
        s.setConditions(List.of(c.make(Condition.READY, true, "Reconciled", "")));
        return s;
    }

    private Condition readyCondition(Conditions c, boolean deleting, String kind, String name, boolean inState) {
        if (deleting) {
            final String held = plan.held().get(RoutingPlan.key(kind, name));
            return c.make(Condition.READY, false, "Deleting", held != null ? held : "leaving the routing store");
        }
        if (!plan.errors().isEmpty()) {
            return c.make(Condition.READY, false, "InvalidRoutingState", errors(plan.errors()));
        }
        return inState ? c.make(Condition.READY, true, "Reconciled", "in the routing store")
                : c.make(Condition.READY, false, "NotInRoutingStore", "not written to the routing store");
    }

    private @Nullable String drainBlocked(String name, String domain) {
        final String own = plan.drainBlocked().get("ShopSet " + name);
        return own != null ? own : plan.drainBlocked().get("FailureDomain " + domain);
    }

    private static String errors(List<ConfigError> errors) {
        final List<String> lines = errors.stream().limit(3).map(ConfigError::toString).toList();
        return "the desired routing state is invalid, nothing written: " + String.join("; ", lines) +
               (errors.size() > 3 ? "; and " + (errors.size() - 3) + " more" : "");
    }
}
