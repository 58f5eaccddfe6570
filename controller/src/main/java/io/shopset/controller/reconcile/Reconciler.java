package io.shopset.controller.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.shopset.controller.crd.Condition;
import io.shopset.controller.crd.ConditionStatus;
import io.shopset.controller.crd.ConfigurationResource;
import io.shopset.controller.crd.FailureDomainResource;
import io.shopset.controller.crd.ResourceStatus;
import io.shopset.controller.crd.ShopSetResource;
import io.shopset.controller.crd.ShopSetStatus;
import io.shopset.controller.crd.TierResource;
import io.shopset.controller.kube.DeploymentPatcher;
import io.shopset.controller.kube.EventRecorder;
import io.shopset.controller.kube.Finalizers;
import io.shopset.controller.kube.StatusWriter;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.store.ChangeRecord;
import io.shopset.routing.store.RoutingStore;
import io.shopset.routing.store.StateDiff;
import io.shopset.routing.store.StoreConflictException;
import io.shopset.routing.store.StoreUnavailableException;
import io.shopset.routing.store.VersionedState;

/**
 * One reconcile pass over everything (level-based: it never asks which event woke it).
 *
 * <p>Order: (1) put the finalizer on every live ShopSet, Tier and FailureDomain, before any of them
 * reaches the store; (2) plan the next routing state from the store's current state and write it
 * only when it differs, with compare-and-set: when another writer (the admin API, another
 * controller during a leader hand-over) came first, re-read and re-plan from its state, so nothing
 * of its change is lost; (3) decide the releases ({@link ReleaseGate}) and patch the image of the
 * Deployments of every ShopSet whose target release they do not run yet ({@link Rollout}); (4)
 * write every status that changed (JSON Patch on {@code /status}) and an Event for every condition
 * that flipped — the tiers, domains and configurations first, then the ShopSets, giving way (the
 * pass ends and runs again at once) when the resources the routing state is planned from changed
 * meanwhile, so a cordon never waits behind a thousand status writes; (5) remove the finalizer of
 * deleted resources that have left the store.
 *
 * <p>Concurrency: runs only on the controller's reconcile thread. Every write to the store or to the
 * API server first checks that this replica still leads.
 *
 * @see RoutingPlanner for what the controller owns in the routing state
 */
public final class Reconciler {

    static final int STORE_ATTEMPTS = 5;
    /** How many ShopSet statuses are written between looks at whether the routing inputs changed. */
    static final int YIELD_EVERY = 25;
    /** When to run again after giving way to a routing change: at once (the loop's rate limit applies). */
    static final Duration YIELD_AGAIN = Duration.ofMillis(1);

    private static final Logger logger = LoggerFactory.getLogger(Reconciler.class);

    private final Supplier<Observed> observed;
    private final RoutingStore store;
    private final StatusWriter statuses;
    private final Finalizers finalizers;
    private final EventRecorder events;
    private final DeploymentPatcher deployments;
    private final BooleanSupplier leading;
    private final String identity;
    private final Duration bakeTime;
    private final ErrorGate errorGate;
    private final Clock clock;

    public Reconciler(Supplier<Observed> observed, RoutingStore store, StatusWriter statuses, Finalizers finalizers,
                      EventRecorder events, DeploymentPatcher deployments, BooleanSupplier leading, String identity,
                      Duration bakeTime, ErrorGate errorGate, Clock clock) {
        this.observed = observed;
        this.store = store;
        this.statuses = statuses;
        this.finalizers = finalizers;
        this.events = events;
        this.deployments = deployments;
        this.leading = leading;
        this.identity = identity;
        this.bakeTime = bakeTime;
        this.errorGate = errorGate;
        this.clock = clock;
    }

    /**
     * One pass.
     *
     * @return when to run again although nothing changes (a bake time to wait out), or {@code null}
     * @throws StoreUnavailableException when the store cannot be written (the loop backs off)
     */
    public @Nullable Duration reconcile() throws StoreUnavailableException {
        if (!leading.getAsBoolean()) {
            return null;
        }
        final long started = System.nanoTime();
        Observed obs = observed.get();
        if (addFinalizers(obs)) {
            obs = observed.get();
        }
        final Instant now = clock.instant();

        RoutingPlan plan = null;
        RoutingState state = null;
        for (int attempt = 1; attempt <= STORE_ATTEMPTS && plan == null; attempt++) {
            final VersionedState current = store.current();
            final RoutingPlan p = RoutingPlanner.plan(current.state(), obs);
            if (!p.errors().isEmpty() || StateDiff.same(p.next(), current.state())) {
                plan = p;
                state = current.state();
                break;
            }
            if (!leading.getAsBoolean()) {
                return null;
            }
            try {
                final long version = store.write(current.version(), p.next(), record(current.state(), p.next()));
                logger.info("wrote routing state v{}: {}", version,
                            String.join("; ", StateDiff.differences(current.state(), p.next(), "before", "after", 10)));
                plan = p;
                state = p.next();
                routingEvents(obs, current.state(), p);
            } catch (StoreConflictException e) {
                logger.info("routing store moved on (v{} -> v{}), re-planning", e.expected(), e.actual());
            } catch (ConfigException e) {
                plan = new RoutingPlan(current.state(), e.errors(), p.shopSets(), p.drainBlocked(), Set.of(),
                                       p.held(), List.of());
                state = current.state();
            }
        }
        if (plan == null) {
            throw new StoreUnavailableException("the routing store kept changing under " + STORE_ATTEMPTS + " attempts");
        }
        if (!plan.errors().isEmpty()) {
            logger.warn("the desired routing state is invalid, nothing written: {}", plan.errors());
        }

        final ReleaseGate.Decisions releases = ReleaseGate.decide(obs.tiers(), obs.shopSets(), now, bakeTime, errorGate);
        final Map<String, Rollout> rollouts = roll(obs, releases);
        final StatusBuilder builder = new StatusBuilder(plan, Objects.requireNonNull(state), releases, rollouts, now);
        final Map<String, ShopSetStatus> shopSetStatuses = new HashMap<>();
        for (ShopSetResource r : obs.shopSets()) {
            shopSetStatuses.put(r.getMetadata().getName(), builder.shopSet(r));
        }
        // The few first, then the many ShopSets: a long status rewrite (every shop count changed)
        // gives way to a routing change (a cordon, a new pod) instead of delaying it.
        for (TierResource r : obs.tiers()) {
            writeStatus(TierResource.class, r, builder.tier(r, obs.shopSets(), shopSetStatuses));
        }
        for (FailureDomainResource r : obs.failureDomains()) {
            writeStatus(FailureDomainResource.class, r, builder.failureDomain(r));
        }
        for (ConfigurationResource r : obs.configurations()) {
            writeStatus(ConfigurationResource.class, r, builder.configuration(r, obs.shopSets()));
        }
        final long routingKey = obs.routingKey();
        int written = 0;
        for (ShopSetResource r : obs.shopSets()) {
            if (writeStatus(ShopSetResource.class, r, shopSetStatuses.get(r.getMetadata().getName())) &&
                ++written % YIELD_EVERY == 0 && observed.get().routingKey() != routingKey) {
                logger.info("the resources changed while writing statuses ({} written): planning again first", written);
                return YIELD_AGAIN;
            }
        }
        removeFinalizers(obs, plan);
        logger.debug("reconciled {} ShopSets in {} ms", obs.shopSets().size(), (System.nanoTime() - started) / 1_000_000);
        return releases.recheckIn();
    }

    /**
     * Where each ShopSet's target release (given now, or before) stands on its Deployments; patches
     * the image of those that do not run it yet (an Event on the ShopSet for each).
     */
    private Map<String, Rollout> roll(Observed obs, ReleaseGate.Decisions releases) {
        final Map<String, Rollout> out = new HashMap<>();
        for (ShopSetResource r : obs.shopSets()) {
            final String name = r.getMetadata().getName();
            final String given = releases.releases().get(name);
            final String target = given != null ? given : r.getStatus() == null ? null : r.getStatus().getTargetRelease();
            if (target == null || Observed.deleting(r)) {
                continue;
            }
            final Rollout rollout = Rollout.of(target, obs.deployments(name));
            out.put(name, rollout);
            for (Rollout.ImagePatch p : rollout.patches()) {
                if (leading.getAsBoolean() && deployments.patch(p)) {
                    events.normal(r, "ReleasePatched", "Deployment " + p.namespace() + '/' + p.name() + ": image " +
                                                       p.from() + " -> " + p.to());
                }
            }
        }
        return out;
    }

    /** @return whether any finalizer was added (the caches then lag behind: read them again) */
    private boolean addFinalizers(Observed obs) {
        boolean added = false;
        added |= addFinalizers(ShopSetResource.class, obs.shopSets());
        added |= addFinalizers(TierResource.class, obs.tiers());
        added |= addFinalizers(FailureDomainResource.class, obs.failureDomains());
        return added;
    }

    private <T extends HasMetadata> boolean addFinalizers(Class<T> type, List<T> resources) {
        boolean added = false;
        for (T r : resources) {
            if (!Finalizers.has(r) && !Observed.deleting(r) && leading.getAsBoolean()) {
                finalizers.add(type, r);
                added = true;
            }
        }
        return added;
    }

    private void removeFinalizers(Observed obs, RoutingPlan plan) {
        remove(ShopSetResource.class, obs.shopSets(), RoutingPlanner.SHOPSET, plan);
        remove(TierResource.class, obs.tiers(), RoutingPlanner.TIER, plan);
        remove(FailureDomainResource.class, obs.failureDomains(), RoutingPlanner.DOMAIN, plan);
    }

    private <T extends HasMetadata> void remove(Class<T> type, List<T> resources, String kind, RoutingPlan plan) {
        for (T r : resources) {
            if (Observed.deleting(r) && Finalizers.has(r) &&
                plan.removable().contains(RoutingPlan.key(kind, r.getMetadata().getName())) && leading.getAsBoolean()) {
                finalizers.remove(type, r);
                events.normal(r, "RemovedFromRoutingStore", kind + ' ' + r.getMetadata().getName() +
                                                            " left the routing store; deletion may proceed");
            }
        }
    }

    /** @return whether a status was written */
    private <S extends ResourceStatus, R extends CustomResource<?, S>> boolean writeStatus(Class<R> type, R r, S next) {
        if (!leading.getAsBoolean() || !StatusWriter.differs(r.getStatus(), next)) {
            return false;
        }
        try {
            statuses.write(type, r, next);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
        final S old = r.getStatus();
        for (Condition c : next.getConditions()) {
            final Condition before = old == null ? null : old.condition(c.getType());
            if (before != null && before.getStatus() == c.getStatus() && before.getReason().equals(c.getReason())) {
                continue;
            }
            if (before == null && c.getStatus() == ConditionStatus.False && !c.getType().equals(Condition.READY)) {
                continue;
            }
            final boolean bad = c.getType().equals(Condition.READY) ? c.getStatus() != ConditionStatus.True
                    : c.getStatus() == ConditionStatus.True && c.getType().equals(Condition.RELEASE_BLOCKED) ||
                      c.getReason().equals("DrainBlocked");
            final String message = c.getType() + '=' + c.getStatus() + (c.getMessage().isEmpty() ? "" : ": " + c.getMessage());
            if (bad) {
                events.warning(r, c.getReason(), message);
            } else {
                events.normal(r, c.getReason(), message);
            }
        }
        return true;
    }

    private void routingEvents(Observed obs, RoutingState before, RoutingPlan plan) {
        final Map<String, ShopSet> old = new HashMap<>();
        before.shopsets().forEach(s -> old.put(s.name(), s));
        final Map<String, ShopSet> next = new HashMap<>();
        plan.next().shopsets().forEach(s -> next.put(s.name(), s));
        for (ShopSetResource r : obs.shopSets()) {
            final String name = r.getMetadata().getName();
            final ShopSet a = old.get(name);
            final ShopSet b = next.get(name);
            if (Objects.equals(a, b)) {
                continue;
            }
            final String what = a == null ? "added to the routing store with " + b.endpoints().size() + " endpoints"
                    : b == null ? "removed from the routing store"
                    : a.endpoints().equals(b.endpoints()) ? "updated in the routing store"
                    : "endpoints " + a.endpoints().size() + " -> " + b.endpoints().size();
            events.normal(r, "RoutingUpdated", what);
        }
        if (!plan.moves().isEmpty()) {
            final Map<String, Integer> byDomain = new HashMap<>();
            for (var m : plan.moves()) {
                final ShopSet from = old.get(m.from());
                if (from != null) {
                    byDomain.merge(from.failureDomain(), 1, Integer::sum);
                }
            }
            for (FailureDomainResource d : obs.failureDomains()) {
                final Integer n = byDomain.get(d.getMetadata().getName());
                if (n != null) {
                    events.normal(d, "ShopsMoved", n + " shop replicas moved off ShopSets in " + d.getMetadata().getName());
                }
            }
        }
    }

    private ChangeRecord record(RoutingState before, RoutingState after) {
        final ObjectNode summary = JsonNodeFactory.instance.objectNode();
        final ArrayNode diffs = summary.putArray("differences");
        new ArrayList<>(StateDiff.differences(before, after, "before", "after", 50)).forEach(diffs::add);
        return new ChangeRecord("controller/" + identity, "reconcile", "routing-state", null, summary,
                                clock.instant(), 0);
    }
}
