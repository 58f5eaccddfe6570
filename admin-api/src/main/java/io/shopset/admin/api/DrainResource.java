package io.shopset.admin.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shopset.admin.auth.Role;
import io.shopset.admin.change.ChangeService;
import io.shopset.admin.change.Outcome;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.place.DrainPlanner;

/**
 * Drain and undrain of a ShopSet ({@code /api/v1/shopsets/{name}/drain}) or of every ShopSet of a
 * failure domain ({@code /api/v1/failure-domains/{name}/drain}); operator role. Body
 * {@code {"dryRun": true}} returns the plan without applying it. The plan is
 * {@link DrainPlanner}'s; a drain that would leave a shop with no ShopSet is refused with 409
 * naming the shops, and nothing is applied. Undrain makes the ShopSets eligible again; it moves no
 * shop back. ShopSets the Kubernetes controller owns are drained through their resources, never
 * here: draining (or undraining, dry run included) one of them, or a failure domain holding one,
 * is 409 naming what to do instead.
 */
public final class DrainResource {

    private final ChangeService changes;

    private DrainResource(ChangeService changes) {
        this.changes = changes;
    }

    public static void register(Router router, ChangeService changes) {
        final DrainResource r = new DrainResource(changes);
        router.add(new Route("POST", "/api/v1/shopsets/{name}/drain", Role.OPERATOR, req -> r.shopSet(req, true)));
        router.add(new Route("POST", "/api/v1/shopsets/{name}/undrain", Role.OPERATOR, req -> r.shopSet(req, false)));
        router.add(new Route("POST", "/api/v1/failure-domains/{name}/drain", Role.OPERATOR,
                             req -> r.domain(req, true)));
        router.add(new Route("POST", "/api/v1/failure-domains/{name}/undrain", Role.OPERATOR,
                             req -> r.domain(req, false)));
    }

    private AdminResponse shopSet(AdminRequest req, boolean drain) {
        final String name = req.pathParam("name");
        final boolean dryRun = dryRun(req);
        return run(req, "shopset/" + name, drain, dryRun, state -> {
            final ShopSet s = States.shopSet(state, name);
            if (s == null) {
                throw ApiException.notFound("unknown ShopSet \"" + name + '"');
            }
            ShopSetResource.refuseManaged(s, "set spec.draining on the resource (kubectl patch shopset " + name +
                                             " --type merge -p '{\"spec\":{\"draining\":" + drain + "}}')");
            return Set.of(name);
        });
    }

    private AdminResponse domain(AdminRequest req, boolean drain) {
        final String name = req.pathParam("name");
        final boolean dryRun = dryRun(req);
        return run(req, "failure-domain/" + name, drain, dryRun, state -> {
            if (state.failureDomains().stream().noneMatch(d -> d.name().equals(name))) {
                throw ApiException.notFound("unknown failure domain \"" + name + '"');
            }
            final Set<String> names = new LinkedHashSet<>();
            final List<String> managed = new ArrayList<>();
            for (ShopSet s : state.shopsets()) {
                if (s.failureDomain().equals(name)) {
                    names.add(s.name());
                    if (s.managedByController()) {
                        managed.add(s.name());
                    }
                }
            }
            if (!managed.isEmpty()) {
                throw ApiException.conflict("managed by the controller: failure domain \"" + name + "\" holds " +
                                            "ShopSets the controller owns (" + quoted(managed) + "); cordon its " +
                                            "FailureDomain resource instead (kubectl patch failuredomain " + name +
                                            " --type merge -p '{\"spec\":{\"cordoned\":" + drain + "}}')", "name");
            }
            return names;
        });
    }

    private interface Targets {
        Set<String> of(RoutingState state);
    }

    private AdminResponse run(AdminRequest req, String target, boolean drain, boolean dryRun, Targets targets) {
        final DrainPlanner.Plan[] plan = new DrainPlanner.Plan[1];
        if (dryRun) {
            final RoutingState state = changes.store().current().state();
            final Set<String> names = targets.of(state);
            plan[0] = drain ? planOrRefuse(state, names) : null;
            return AdminResponse.json(body(plan[0], true, changes.store().current().version()));
        }
        final var applied = changes.apply(req.who(), current -> {
            final Set<String> names = targets.of(current);
            final Map<String, Object> before = Map.of("draining", draining(current, names));
            if (!drain) {
                plan[0] = null;
                final RoutingState next = DrainPlanner.withDraining(current, names, false);
                return new Outcome(next, "undrain", target, before, Map.of("draining", List.of()), null);
            }
            plan[0] = planOrRefuse(current, names);
            return new Outcome(plan[0].next(), "drain", target, before, body(plan[0], false, -1), null);
        });
        return AdminResponse.json(body(plan[0], false, applied.version()));
    }

    private static DrainPlanner.Plan planOrRefuse(RoutingState state, Set<String> names) {
        final DrainPlanner.Plan plan = DrainPlanner.plan(state, names);
        if (!plan.stranded().isEmpty()) {
            throw ApiException.conflict("draining " + names + " would leave shop" +
                                        (plan.stranded().size() == 1 ? " " : "s ") + quoted(plan.stranded()) +
                                        " with no ShopSet; nothing was applied", null);
        }
        return plan;
    }

    private static List<String> draining(RoutingState state, Set<String> names) {
        final List<String> out = new ArrayList<>();
        for (ShopSet s : state.shopsets()) {
            if (names.contains(s.name()) && s.draining()) {
                out.add(s.name());
            }
        }
        return out;
    }

    private static Map<String, Object> body(DrainPlanner.Plan plan, boolean dryRun, long version) {
        final Map<String, Object> m = new LinkedHashMap<>();
        final List<Map<String, String>> moves = new ArrayList<>();
        if (plan != null) {
            for (DrainPlanner.Move mv : plan.moves()) {
                final Map<String, String> e = new LinkedHashMap<>();
                e.put("shop", mv.shop());
                e.put("from", mv.from());
                e.put("to", mv.to());
                moves.add(e);
            }
        }
        m.put("moves", moves);
        m.put("underReplicated", plan == null ? List.of() : plan.underReplicated());
        m.put("dryRun", dryRun);
        if (version >= 0) {
            m.put("version", version);
        }
        return m;
    }

    private static boolean dryRun(AdminRequest req) {
        final ObjectNode body = Bodies.object(req, true);
        Bodies.onlyKnown(body, Set.of("dryRun"));
        return Bodies.bool(body, "dryRun", false);
    }

    private static String quoted(List<String> ids) {
        final StringBuilder sb = new StringBuilder();
        for (String id : ids) {
            sb.append(sb.length() == 0 ? "" : ", ").append('"').append(id).append('"');
        }
        return sb.toString();
    }
}
