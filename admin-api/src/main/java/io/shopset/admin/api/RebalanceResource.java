package io.shopset.admin.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shopset.admin.auth.Role;
import io.shopset.admin.change.Applied;
import io.shopset.admin.change.ChangeService;
import io.shopset.admin.change.Outcome;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.place.Move;
import io.shopset.routing.place.Placements;
import io.shopset.routing.place.Rebalancer;

/**
 * {@code POST /api/v1/rebalance} (operator): evens shops out across ShopSets by capacity with
 * {@link Rebalancer}, within a budget — body {@code {"dryRun": false, "maxMoves": 100,
 * "maxTrafficShare": 0.1}} (all optional) — using the data plane's recent request rates so the
 * coldest shops move first and hot ones stay. ShopSets the data plane sees down (or circuit-open,
 * when they have no active health checks), and those failed for good, take no shops. Response {@code {"moves":[{"shop","from","to"}],"skipped":
 * {"maxMoves","trafficShare","noValidTarget"},"movedTrafficShare","shopsets":[{"shopset","before",
 * "after"}],"dryRun","version"}}. Audited as {@code rebalance}.
 */
public final class RebalanceResource {

    static final int DEFAULT_MAX_MOVES = 100;
    static final double DEFAULT_MAX_TRAFFIC_SHARE = 0.1;

    private final ChangeService changes;
    private final HealthView health;
    private final Supplier<Map<String, Double>> rates;

    private RebalanceResource(ChangeService changes, HealthView health, Supplier<Map<String, Double>> rates) {
        this.changes = changes;
        this.health = health;
        this.rates = rates;
    }

    public static void register(Router router, ChangeService changes, HealthView health,
                                Supplier<Map<String, Double>> rates) {
        router.add(new Route("POST", "/api/v1/rebalance", Role.OPERATOR,
                             new RebalanceResource(changes, health, rates)::rebalance));
    }

    private AdminResponse rebalance(AdminRequest req) {
        final ObjectNode body = Bodies.object(req, true);
        Bodies.onlyKnown(body, Set.of("dryRun", "maxMoves", "maxTrafficShare"));
        final boolean dryRun = Bodies.bool(body, "dryRun", false);
        final Rebalancer.Budget budget = new Rebalancer.Budget(
                Bodies.integer(body, "maxMoves", DEFAULT_MAX_MOVES, 0, 100_000),
                Bodies.number(body, "maxTrafficShare", DEFAULT_MAX_TRAFFIC_SHARE, 0, 1));
        final Map<String, Double> r = rates.get();
        if (dryRun) {
            final var cur = changes.store().current();
            return AdminResponse.json(response(plan(cur.state(), r, budget), true, cur.version()));
        }
        final Rebalancer.Plan[] plan = new Rebalancer.Plan[1];
        final Applied applied = changes.apply(req.who(), current -> {
            plan[0] = plan(current, r, budget);
            if (plan[0].moves().isEmpty()) {
                return new Outcome(current, "rebalance", "routing-state", null, null, null);
            }
            final Map<String, Object> after = new LinkedHashMap<>();
            after.put("maxMoves", budget.maxMoves());
            after.put("maxTrafficShare", budget.maxTrafficShare());
            after.put("moves", moves(plan[0].moves()));
            return new Outcome(plan[0].next(), "rebalance", "routing-state", before(current, plan[0].moves()), after,
                               null);
        });
        return AdminResponse.json(response(plan[0], false, applied.version()));
    }

    private Rebalancer.Plan plan(RoutingState state, Map<String, Double> r, Rebalancer.Budget budget) {
        final Set<String> unavailable = new HashSet<>(health.failedShopSets().keySet());
        for (ShopSet s : state.shopsets()) {
            // An open breaker only learns from requests: with active checks passing it may be stale
            // (no shop routes to a ShopSet just emptied), so it counts only where it is the only signal.
            final String st = health.shopSetState(s.name());
            if (st.equals(HealthView.DOWN) || (st.equals(HealthView.CIRCUIT_OPEN) && s.healthCheck() == null)) {
                unavailable.add(s.name());
            }
        }
        return Rebalancer.plan(state, r, budget, unavailable);
    }

    private static Map<String, Object> response(Rebalancer.Plan plan, boolean dryRun, long version) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("moves", moves(plan.moves()));
        final Map<String, Object> skipped = new LinkedHashMap<>();
        skipped.put("maxMoves", plan.skipped().maxMoves());
        skipped.put("trafficShare", plan.skipped().trafficShare());
        skipped.put("noValidTarget", plan.skipped().noValidTarget());
        m.put("skipped", skipped);
        m.put("movedTrafficShare", plan.movedShare());
        final List<Map<String, Object>> sets = new ArrayList<>();
        for (String name : new java.util.TreeSet<>(plan.shopsBefore().keySet())) {
            final Map<String, Object> s = new LinkedHashMap<>();
            s.put("shopset", name);
            s.put("before", plan.shopsBefore().get(name));
            s.put("after", plan.shopsAfter().get(name));
            sets.add(s);
        }
        m.put("shopsets", sets);
        m.put("dryRun", dryRun);
        m.put("version", version);
        return m;
    }

    static List<Map<String, String>> moves(List<Move> moves) {
        final List<Map<String, String>> out = new ArrayList<>(moves.size());
        for (Move mv : moves) {
            final Map<String, String> e = new LinkedHashMap<>();
            e.put("shop", mv.shop());
            e.put("from", mv.from());
            e.put("to", mv.to());
            out.add(e);
        }
        return out;
    }

    private static Map<String, Object> before(RoutingState state, List<Move> moves) {
        final Set<String> ids = new LinkedHashSet<>();
        for (Move m : moves) {
            ids.add(m.shop());
        }
        final Map<String, Object> placements = new LinkedHashMap<>();
        for (Shop s : state.shops()) {
            if (ids.contains(s.id())) {
                placements.put(s.id(), Placements.of(s, state));
            }
        }
        return Map.of("placements", placements);
    }
}
