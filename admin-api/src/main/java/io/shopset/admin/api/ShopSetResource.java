package io.shopset.admin.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.jspecify.annotations.Nullable;

import io.shopset.admin.auth.Role;
import io.shopset.admin.change.Applied;
import io.shopset.admin.change.ChangeService;
import io.shopset.admin.change.Outcome;
import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.ShopSet;

/**
 * {@code /api/v1/shopsets}: list and get (with per-endpoint health, state and shop count; get with
 * an ETag), create or replace (admin; honours {@code If-Match}). Drain and undrain are
 * {@link DrainResource}'s. A ShopSet the Kubernetes controller owns ({@code managedBy: controller})
 * is read-only here: a PUT is 409 ({@link #refuseManaged}); its ShopSet resource is the place to
 * change it.
 */
public final class ShopSetResource {

    /** What a PUT may carry besides the ShopSet's settings: the read-only fields a GET shows. */
    private static final List<String> READ_ONLY = List.of("state", "shops", "requestsPerSecond", "errorRate", "managedBy");

    private final ChangeService changes;
    private final RoutingTable table;
    private final HealthView health;
    // Shop counts of one snapshot. Only the admin thread touches these.
    private @Nullable RoutingSnapshot counted;
    private Map<String, Integer> counts = Map.of();

    private ShopSetResource(ChangeService changes, RoutingTable table, HealthView health) {
        this.changes = changes;
        this.table = table;
        this.health = health;
    }

    public static void register(Router router, ChangeService changes, RoutingTable table, HealthView health) {
        final ShopSetResource r = new ShopSetResource(changes, table, health);
        router.add(new Route("GET", "/api/v1/shopsets", Role.VIEWER, r::list));
        router.add(new Route("GET", "/api/v1/shopsets/{name}", Role.VIEWER, r::get));
        router.add(new Route("PUT", "/api/v1/shopsets/{name}", Role.ADMIN, r::put));
    }

    private AdminResponse list(AdminRequest req) {
        final RoutingState state = changes.store().current().state();
        final Map<String, Integer> n = counts();
        final List<Map<String, Object>> out = new ArrayList<>();
        for (ShopSet s : state.shopsets()) {
            out.add(Views.shopSet(s, health, n.getOrDefault(s.name(), 0)));
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("shopsets", out);
        return AdminResponse.json(body);
    }

    private AdminResponse get(AdminRequest req) {
        final String name = req.pathParam("name");
        final ShopSet s = States.shopSet(changes.store().current().state(), name);
        if (s == null) {
            throw ApiException.notFound("unknown ShopSet \"" + name + '"');
        }
        return AdminResponse.json(Views.shopSet(s, health, counts().getOrDefault(name, 0)))
                            .withHeader("ETag", ETags.of(s));
    }

    private AdminResponse put(AdminRequest req) {
        final String name = req.pathParam("name");
        final ObjectNode body = Bodies.object(req, false).deepCopy();
        final JsonNode bodyName = body.get("name");
        if (bodyName != null && !(bodyName.isTextual() && bodyName.textValue().equals(name))) {
            throw ApiException.badRequest("name " + bodyName + " differs from the path's \"" + name + '"', "name");
        }
        body.put("name", name);
        READ_ONLY.forEach(body::remove);
        final JsonNode eps = body.get("endpoints");
        if (eps instanceof ArrayNode array) {
            // Accept the GET's form too: [{"endpoint": "host:port", "healthy": true}].
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isObject() && array.get(i).has("endpoint")) {
                    array.set(i, array.get(i).get("endpoint") instanceof TextNode t ? t : array.get(i));
                }
            }
        }
        final ShopSet set = Bodies.bind(body, ShopSet.class);
        final boolean[] created = new boolean[1];
        final Applied applied = changes.apply(req.who(), current -> {
            final ShopSet before = States.shopSet(current, name);
            refuseManaged(before, "kubectl edit shopset " + name);
            ETags.check(req, before, "ShopSet \"" + name + '"');
            created[0] = before == null;
            return new Outcome(States.withShopSet(current, name, set), before == null ? "create-shopset"
                    : "replace-shopset", "shopset/" + name, before, set, "shopsets[" + name + ']');
        });
        final ShopSet now = States.shopSet(applied.state(), name);
        return AdminResponse.json(created[0] && applied.changed() ? 201 : 200,
                                  Views.shopSet(now, health, counts().getOrDefault(name, 0)))
                            .withHeader("ETag", ETags.of(now));
    }

    /**
     * 409 when the Kubernetes controller owns {@code s}: whatever the admin API wrote there, the
     * controller's next reconcile would put its resource's version back.
     *
     * @param instead what to do instead, for people
     */
    static void refuseManaged(@Nullable ShopSet s, String instead) {
        if (s != null && s.managedByController()) {
            throw ApiException.conflict("managed by the controller: ShopSet \"" + s.name() + "\" comes from its " +
                                        "Kubernetes ShopSet resource and is read-only here; " + instead, "name");
        }
    }

    private Map<String, Integer> counts() {
        final RoutingSnapshot snap = table.current();
        if (snap == null) {
            return Map.of();
        }
        if (snap != counted) {
            final Map<String, Integer> n = new HashMap<>();
            for (List<String> placement : snap.placements().values()) {
                for (String s : placement) {
                    n.merge(s, 1, Integer::sum);
                }
            }
            counts = n;
            counted = snap;
        }
        return counts;
    }
}
