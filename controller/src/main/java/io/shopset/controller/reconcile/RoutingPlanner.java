package io.shopset.controller.reconcile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.shopset.controller.crd.ConfigurationResource;
import io.shopset.controller.crd.FailureDomainResource;
import io.shopset.controller.crd.HealthCheckSpec;
import io.shopset.controller.crd.ShopSetResource;
import io.shopset.controller.crd.ShopSetSpec;
import io.shopset.controller.crd.TierResource;
import io.shopset.controller.reconcile.RoutingPlan.Problem;
import io.shopset.controller.reconcile.RoutingPlan.ShopSetFacts;
import io.shopset.routing.config.ConfigError;
import io.shopset.routing.config.Durations;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.FailureDomain;
import io.shopset.routing.model.HealthCheck;
import io.shopset.routing.model.LoadBalancing;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.model.Tier;
import io.shopset.routing.place.DrainPlanner;
import io.shopset.routing.validate.RoutingValidator;

/**
 * Computes the next routing state from the resources and the store's current state. A pure
 * function: the same inputs give the same state, and a state it produced gives itself again
 * (idempotent), so the controller writes only when something really changed.
 *
 * <p>Ownership: the controller owns the tiers, failure domains and ShopSets that have a resource
 * (a ShopSet's endpoints come from its Service's EndpointSlices). Entries of the store without a
 * resource (seeded from the configuration file) are kept as they are. Shops, their placements,
 * {@code replicas}, platform domains and limits are never the controller's: they are carried over
 * from the store, changed only by drains. The ShopSets it writes carry {@code managedBy: controller}
 * (the admin API answers 409 to changes of them).
 *
 * <p>Drains: a ShopSet is drained when its spec says so, when its failure domain is cordoned and
 * when it is being deleted: {@link DrainPlanner} (the admin drain's rules) marks it draining and
 * moves every shop whose placement lists it, never two replicas of a shop into one domain. When a
 * drain would strand a shop (no other ShopSet can take it), the drains are applied group by group
 * (deleted ShopSets, drained ShopSets, cordoned domains, each by name) and a group that would
 * strand a shop is held back and reported. A ShopSet whose Service has no ready endpoint keeps its
 * last endpoints and is marked draining (the gateway skips it, its explicit shops stay), unless
 * that leaves a shop no ShopSet: then it stays as it was and the gateways' health checks judge it.
 *
 * <p>Deletion (finalizers): a deleted ShopSet stays in the state, drained, until no shop lists it;
 * then it leaves the state and its finalizer may go. A deleted tier or failure domain leaves the
 * state once nothing in it refers to it.
 *
 * <p>Invalid resources (an unknown tier, domain or configuration, a bad duration): the ShopSet's
 * entry in the store, if any, stays as it was; its status says why.
 */
public final class RoutingPlanner {

    static final String SHOPSET = "ShopSet";
    static final String TIER = "Tier";
    static final String DOMAIN = "FailureDomain";

    private RoutingPlanner() {
    }

    public static RoutingPlan plan(RoutingState current, Observed obs) {
        // Tiers and failure domains: the store's, those with a resource replaced or added.
        final Map<String, Tier> tiers = new LinkedHashMap<>();
        final Set<String> tierResources = new HashSet<>();
        final Set<String> deletingTiers = new LinkedHashSet<>();
        obs.tiers().forEach(t -> tierResources.add(t.getMetadata().getName()));
        final Map<String, Tier> currentTiers = byName(current.tiers(), Tier::name);
        current.tiers().stream().filter(t -> !tierResources.contains(t.name())).forEach(t -> tiers.put(t.name(), t));
        for (TierResource r : obs.tiers()) {
            final String name = r.getMetadata().getName();
            if (Observed.deleting(r)) {
                deletingTiers.add(name);
                if (currentTiers.containsKey(name)) {
                    tiers.put(name, currentTiers.get(name));
                }
            } else if (r.getSpec() != null) {
                tiers.put(name, new Tier(name, r.getSpec().getLevel()));
            }
        }
        final Map<String, FailureDomain> domains = new LinkedHashMap<>();
        final Set<String> domainResources = new HashSet<>();
        final Set<String> deletingDomains = new LinkedHashSet<>();
        final Set<String> cordoned = new LinkedHashSet<>();
        obs.failureDomains().forEach(d -> domainResources.add(d.getMetadata().getName()));
        final Set<String> currentDomains = new HashSet<>();
        current.failureDomains().forEach(d -> currentDomains.add(d.name()));
        current.failureDomains().stream().filter(d -> !domainResources.contains(d.name()))
               .forEach(d -> domains.put(d.name(), d));
        for (FailureDomainResource r : obs.failureDomains()) {
            final String name = r.getMetadata().getName();
            if (Observed.deleting(r)) {
                deletingDomains.add(name);
                if (currentDomains.contains(name)) {
                    domains.put(name, new FailureDomain(name));
                }
                continue;
            }
            domains.put(name, new FailureDomain(name));
            if (r.getSpec() != null && Boolean.TRUE.equals(r.getSpec().getCordoned())) {
                cordoned.add(name);
            }
        }
        final Set<String> configurations = new HashSet<>();
        for (ConfigurationResource r : obs.configurations()) {
            if (!Observed.deleting(r)) {
                configurations.add(r.getMetadata().getName());
            }
        }

        // ShopSets.
        final Map<String, ShopSet> currentSets = byName(current.shopsets(), ShopSet::name);
        final Set<String> setResources = new HashSet<>();
        obs.shopSets().forEach(s -> setResources.add(s.getMetadata().getName()));
        final Map<String, ShopSet> sets = new LinkedHashMap<>();
        current.shopsets().stream().filter(s -> !setResources.contains(s.name())).forEach(s -> sets.put(s.name(), s));
        final Map<String, Facts> facts = new TreeMap<>();
        final Set<String> removable = new LinkedHashSet<>();
        final Set<String> noEndpoints = new LinkedHashSet<>();
        final Map<String, Set<String>> groups = new LinkedHashMap<>();
        final Map<String, String[]> groupReason = new HashMap<>();
        for (ShopSetResource r : obs.shopSets()) {
            final String name = r.getMetadata().getName();
            final ShopSet stored = currentSets.get(name);
            final ShopSetSpec spec = r.getSpec();
            final List<Endpoint> ready = spec == null ? List.of()
                    : ReadyEndpoints.of(spec.getService(), obs.slicesByService().getOrDefault(
                            Observed.serviceKey(spec.getService().getNamespace(), spec.getService().getName()), List.of()));
            final Facts f = new Facts(name, Observed.deleting(r), ready);
            facts.put(name, f);
            if (f.deleting) {
                if (stored == null) {
                    removable.add(RoutingPlan.key(SHOPSET, name));
                } else {
                    sets.put(name, stored);
                    group(groups, groupReason, "ShopSet " + name, name, "Deleting", "the ShopSet is being deleted");
                }
                continue;
            }
            f.problem = spec == null ? new Problem("InvalidSpec", "the ShopSet has no spec")
                    : problem(spec, tiers.keySet(), domains.keySet(), configurations);
            ShopSet model = null;
            if (f.problem == null) {
                try {
                    model = model(name, spec, ready.isEmpty() && stored != null ? stored.endpoints() : ready);
                } catch (IllegalArgumentException e) {
                    f.problem = new Problem("InvalidSpec", e.getMessage());
                }
            }
            if (model == null) {
                if (stored != null) {
                    sets.put(name, stored);
                }
                continue;
            }
            if (ready.isEmpty()) {
                if (stored == null) {
                    f.problem = new Problem("NoReadyEndpoints", "Service " + spec.getService().getNamespace() + '/' +
                                                                spec.getService().getName() + " has no ready endpoint");
                    continue;
                }
                noEndpoints.add(name);
            }
            sets.put(name, model);
            if (Boolean.TRUE.equals(spec.getDraining())) {
                group(groups, groupReason, "ShopSet " + name, name, "DrainRequested", "spec.draining is true");
            }
        }
        for (String d : cordoned) {
            final String key = "FailureDomain " + d;
            groups.put(key, new LinkedHashSet<>());
            for (ShopSet s : sets.values()) {
                final Facts f = facts.get(s.name());
                if (s.failureDomain().equals(d) && f != null && !f.deleting) {
                    group(groups, groupReason, key, s.name(), "Cordoned", "failure domain " + d + " is cordoned");
                }
            }
        }

        final RoutingState base = new RoutingState(
                current.platformDomains(), current.replicas(),
                ordered(current.tiers(), tiers, Tier::name), ordered(current.failureDomains(), domains, FailureDomain::name),
                ordered(current.shopsets(), sets, ShopSet::name), current.shops(), current.limits());

        // Drains, group by group when all at once would strand a shop.
        final Map<String, String> drainBlocked = new LinkedHashMap<>();
        final Set<String> all = new LinkedHashSet<>();
        groups.values().forEach(all::addAll);
        // Nothing to drain: skip the planner (it places every auto-placed shop, O(shops x ShopSets)).
        DrainPlanner.Plan drain = all.isEmpty() ? new DrainPlanner.Plan(DrainPlanner.withDraining(base, Set.of(), true),
                                                                        List.of(), List.of(), List.of())
                : DrainPlanner.plan(base, all);
        final Set<String> drained = new LinkedHashSet<>(all);
        if (!drain.stranded().isEmpty()) {
            drained.clear();
            drain = DrainPlanner.plan(base, Set.of());
            for (Map.Entry<String, Set<String>> g : groups.entrySet()) {
                final Set<String> trial = new LinkedHashSet<>(drained);
                trial.addAll(g.getValue());
                final DrainPlanner.Plan p = DrainPlanner.plan(base, trial);
                if (p.stranded().isEmpty()) {
                    drained.addAll(g.getValue());
                    drain = p;
                } else {
                    drainBlocked.put(g.getKey(), "draining it would leave shop" + (p.stranded().size() == 1 ? " " : "s ") +
                                                 abbreviate(p.stranded()) + " without any ShopSet");
                }
            }
        }
        for (Map.Entry<String, Set<String>> g : groups.entrySet()) {
            if (drainBlocked.containsKey(g.getKey())) {
                continue;
            }
            for (String name : g.getValue()) {
                final Facts f = facts.get(name);
                if (f != null && f.drainReason == null) {
                    final String[] why = groupReason.get(g.getKey() + '|' + name);
                    f.drainReason = why[0];
                    f.drainMessage = why[1];
                }
            }
        }

        // ShopSets without ready endpoints: skipped by the gateways, their shops stay.
        final Set<String> unavailable = new LinkedHashSet<>(noEndpoints);
        unavailable.removeAll(drained);
        final Set<String> removableBefore = Set.copyOf(removable);
        final Map<String, String> held = new LinkedHashMap<>();
        RoutingState next = finish(drain.next(), unavailable, facts, deletingTiers, deletingDomains, removable, held);
        List<ConfigError> errors = RoutingValidator.validate(next);
        if (!errors.isEmpty() && !unavailable.isEmpty()) {
            final Set<String> removableWithout = new LinkedHashSet<>(removableBefore);
            final Map<String, String> heldWithout = new LinkedHashMap<>();
            final RoutingState without = finish(drain.next(), Set.of(), facts, deletingTiers, deletingDomains,
                                                removableWithout, heldWithout);
            if (RoutingValidator.validate(without).isEmpty()) {
                next = without;
                errors = List.of();
                removable.clear();
                removable.addAll(removableWithout);
                held.clear();
                held.putAll(heldWithout);
                unavailable.clear();
            }
        }
        for (String name : unavailable) {
            final Facts f = facts.get(name);
            f.drainReason = "NoReadyEndpoints";
            f.drainMessage = "its Service has no ready endpoint; the gateways skip it";
        }
        final Map<String, ShopSetFacts> out = new LinkedHashMap<>();
        facts.forEach((k, f) -> out.put(k, f.freeze()));
        if (!errors.isEmpty()) {
            return new RoutingPlan(current, List.copyOf(errors), out, drainBlocked, Set.of(), held, List.of());
        }
        return new RoutingPlan(next, List.of(), out, drainBlocked, Set.copyOf(removable), held, drain.moves());
    }

    /**
     * The drained state with unavailable ShopSets marked draining and deleted entries that nothing
     * refers to any more removed.
     */
    private static RoutingState finish(RoutingState drained, Set<String> unavailable, Map<String, Facts> facts,
                                       Set<String> deletingTiers, Set<String> deletingDomains, Set<String> removable,
                                       Map<String, String> held) {
        RoutingState st = DrainPlanner.withDraining(drained, unavailable, true);
        final Set<String> deletingSets = new HashSet<>();
        facts.values().stream().filter(f -> f.deleting).forEach(f -> deletingSets.add(f.name));
        // Isolated shops remember a placement to return to: re-home it off deleted ShopSets.
        final List<Shop> shops = new ArrayList<>(st.shops().size());
        boolean shopsChanged = false;
        for (Shop shop : st.shops()) {
            final List<String> remembered = shop.rememberedShopsets();
            if (remembered != null && remembered.stream().anyMatch(deletingSets::contains)) {
                final List<String> rehomed = DrainPlanner.withoutDraining(shop, remembered, st);
                if (!rehomed.isEmpty() && !rehomed.equals(remembered)) {
                    shops.add(new Shop(shop.id(), shop.hosts(), shop.configuration(), shop.tier(), shop.shopsets(),
                                       shop.limits(), rehomed));
                    shopsChanged = true;
                    continue;
                }
            }
            shops.add(shop);
        }
        final Map<String, List<String>> usedBy = new HashMap<>();
        for (Shop shop : shopsChanged ? shops : st.shops()) {
            final Set<String> refs = new LinkedHashSet<>();
            if (shop.shopsets() != null) {
                refs.addAll(shop.shopsets());
            }
            if (shop.rememberedShopsets() != null) {
                refs.addAll(shop.rememberedShopsets());
            }
            for (String r : refs) {
                if (deletingSets.contains(r)) {
                    usedBy.computeIfAbsent(r, k -> new ArrayList<>()).add(shop.id());
                }
            }
        }
        final List<ShopSet> sets = new ArrayList<>(st.shopsets().size());
        for (ShopSet s : st.shopsets()) {
            if (!deletingSets.contains(s.name())) {
                sets.add(s);
            } else if (usedBy.containsKey(s.name())) {
                sets.add(s);
                held.put(RoutingPlan.key(SHOPSET, s.name()), "shop" + (usedBy.get(s.name()).size() == 1 ? " " : "s ") +
                                                            abbreviate(usedBy.get(s.name())) +
                                                            " still list it and no other ShopSet can take them");
            } else {
                removable.add(RoutingPlan.key(SHOPSET, s.name()));
            }
        }
        final List<Tier> tiers = new ArrayList<>();
        for (Tier t : st.tiers()) {
            if (!deletingTiers.contains(t.name())) {
                tiers.add(t);
                continue;
            }
            final long sets1 = sets.stream().filter(s -> t.name().equals(s.tier())).count();
            final long shops1 = (shopsChanged ? shops : st.shops()).stream().filter(s -> t.name().equals(s.tier())).count();
            if (sets1 + shops1 > 0) {
                tiers.add(t);
                held.put(RoutingPlan.key(TIER, t.name()), sets1 + " ShopSets and " + shops1 + " shops still use it");
            } else {
                removable.add(RoutingPlan.key(TIER, t.name()));
            }
        }
        deletingTiers.stream().filter(n -> st.tiers().stream().noneMatch(t -> t.name().equals(n)))
                     .forEach(n -> removable.add(RoutingPlan.key(TIER, n)));
        final List<FailureDomain> domains = new ArrayList<>();
        for (FailureDomain d : st.failureDomains()) {
            if (!deletingDomains.contains(d.name())) {
                domains.add(d);
                continue;
            }
            final long n = sets.stream().filter(s -> d.name().equals(s.failureDomain())).count();
            if (n > 0) {
                domains.add(d);
                held.put(RoutingPlan.key(DOMAIN, d.name()), n + " ShopSets still run in it");
            } else {
                removable.add(RoutingPlan.key(DOMAIN, d.name()));
            }
        }
        deletingDomains.stream().filter(n -> st.failureDomains().stream().noneMatch(d -> d.name().equals(n)))
                       .forEach(n -> removable.add(RoutingPlan.key(DOMAIN, n)));
        return new RoutingState(st.platformDomains(), st.replicas(), tiers, domains, sets,
                                shopsChanged ? shops : st.shops(), st.limits());
    }

    private static @Nullable Problem problem(ShopSetSpec spec, Set<String> tiers, Set<String> domains,
                                             Set<String> configurations) {
        if (!tiers.contains(spec.getTier())) {
            return new Problem("UnknownTier", "tier \"" + spec.getTier() + "\" does not exist");
        }
        if (!domains.contains(spec.getFailureDomain())) {
            return new Problem("UnknownFailureDomain", "failure domain \"" + spec.getFailureDomain() + "\" does not exist");
        }
        final String configuration = configuration(spec);
        if (!configurations.contains(configuration)) {
            return new Problem("UnknownConfiguration", "configuration \"" + configuration + "\" does not exist");
        }
        return null;
    }

    static String configuration(ShopSetSpec spec) {
        return spec.getConfiguration() != null ? spec.getConfiguration() : ShopSet.DEFAULT_CONFIGURATION;
    }

    /**
     * The routing model's ShopSet for {@code spec} (not draining: the drains decide that), marked
     * {@code managedBy: controller} so the admin API leaves it alone.
     */
    static ShopSet model(String name, ShopSetSpec spec, List<Endpoint> endpoints) {
        final HealthCheckSpec hc = spec.getHealthCheck();
        final HealthCheck healthCheck = hc == null ? null
                : new HealthCheck(hc.getPath(), duration("healthCheck.interval", hc.getInterval()),
                                  duration("healthCheck.timeout", hc.getTimeout()), hc.getHealthyThreshold(),
                                  hc.getUnhealthyThreshold());
        final LoadBalancing lb = spec.getLoadBalancing() == null ? null : spec.getLoadBalancing().model();
        return new ShopSet(name, spec.getTier(), configuration(spec), spec.getFailureDomain(),
                           Boolean.TRUE.equals(spec.getDedicated()), endpoints, healthCheck,
                           spec.getCapacity() == null ? 1.0 : spec.getCapacity(), false,
                           lb == null ? LoadBalancing.SHOP_HASH : lb,
                           spec.getSlowStart() == null ? Duration.ZERO : duration("slowStart", spec.getSlowStart()),
                           ShopSet.MANAGED_BY_CONTROLLER);
    }

    private static @Nullable Duration duration(String field, @Nullable String text) {
        if (text == null) {
            return null;
        }
        final Duration d = Durations.parse(text);
        if (d == null) {
            throw new IllegalArgumentException(field + ": \"" + text + "\" is not a duration (expected like 250ms, 2s, 1m)");
        }
        return d;
    }

    private static void group(Map<String, Set<String>> groups, Map<String, String[]> reasons, String key, String member,
                              String reason, String message) {
        groups.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(member);
        reasons.put(key + '|' + member, new String[] {reason, message});
    }

    /** {@code desired}'s values: those in {@code current} in its order, then the new ones by name. */
    private static <T> List<T> ordered(List<T> current, Map<String, T> desired, Function<T, String> key) {
        final List<T> out = new ArrayList<>(desired.size());
        final Set<String> done = new HashSet<>();
        for (T t : current) {
            final T d = desired.get(key.apply(t));
            if (d != null && done.add(key.apply(t))) {
                out.add(d);
            }
        }
        new TreeMap<>(desired).forEach((k, v) -> {
            if (done.add(k)) {
                out.add(v);
            }
        });
        return out;
    }

    private static <T> Map<String, T> byName(List<T> list, Function<T, String> key) {
        final Map<String, T> m = new HashMap<>();
        list.forEach(t -> m.put(key.apply(t), t));
        return m;
    }

    static String abbreviate(List<String> names) {
        return names.size() <= 5 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
    }

    /** Mutable while planning; frozen into {@link ShopSetFacts}. */
    private static final class Facts {
        final String name;
        final boolean deleting;
        final List<Endpoint> ready;
        @Nullable Problem problem;
        @Nullable String drainReason;
        @Nullable String drainMessage;

        Facts(String name, boolean deleting, List<Endpoint> ready) {
            this.name = name;
            this.deleting = deleting;
            this.ready = ready;
        }

        ShopSetFacts freeze() {
            return new ShopSetFacts(name, deleting, ready, problem, drainReason, drainMessage);
        }
    }
}
