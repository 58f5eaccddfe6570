package io.shopset.admin.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.shopset.admin.auth.Role;
import io.shopset.admin.change.Applied;
import io.shopset.admin.change.ChangeService;
import io.shopset.admin.change.Outcome;
import io.shopset.routing.config.ConfigError;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.routing.config.Mappers;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.store.StateDiff;
import io.shopset.routing.validate.RoutingValidator;

/**
 * {@code GET /api/v1/export}: the whole routing state as YAML in the configuration file's format
 * (its routing part: {@code platformDomains}, {@code replicas}, {@code tiers},
 * {@code failureDomains}, {@code shopsets}, {@code shops}, {@code limits}).
 * {@code POST /api/v1/import} (admin): replaces the routing state by a document in that format —
 * a whole configuration file is accepted, its per-process settings ignored. It is bound and
 * validated first, every error reported as 400 naming the first one's path; all or nothing.
 */
public final class ExportResource {

    static final String YAML = "application/yaml; charset=utf-8";

    private ExportResource() {
    }

    public static void register(Router router, ChangeService changes) {
        router.add(new Route("GET", "/api/v1/export", Role.VIEWER, req -> {
            final RoutingState state = changes.store().current().state();
            return AdminResponse.text(200, YAML, export(state))
                                .withHeader("X-Routing-Version", Long.toString(changes.store().current().version()));
        }));
        router.add(new Route("POST", "/api/v1/import", Role.ADMIN, req -> {
            final RoutingState imported = parse(req.body());
            final Applied applied = changes.apply(req.who(), current ->
                    new Outcome(imported, "import", "routing-state", summary(current), summary(imported), null), true);
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("version", applied.version());
            body.put("changed", applied.changed());
            body.put("shops", applied.state().shops().size());
            body.put("shopsets", applied.state().shopsets().size());
            return AdminResponse.json(body);
        }));
    }

    /** {@code state} as the configuration file writes it. */
    public static String export(RoutingState state) {
        try {
            return "# ShopSet Gateway routing state (the routing part of the configuration file)\n" +
                   Mappers.yaml().writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML", e);
        }
    }

    private static RoutingState parse(byte[] body) {
        final String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw ApiException.badRequest("the body must be the routing state in the configuration file's format " +
                                          "(YAML, as GET /api/v1/export writes it)", "body");
        }
        try {
            final GatewayConfig config = ConfigLoader.bind(text);
            final java.util.List<ConfigError> errors = RoutingValidator.validate(config.routingState());
            if (!errors.isEmpty()) {
                throw new ConfigException(errors);
            }
            return config.routingState();
        } catch (ConfigException e) {
            final ConfigError first = e.errors().get(0);
            throw ApiException.badRequest(e.getMessage(), first.path().isEmpty() ? "body" : first.path());
        }
    }

    private static Map<String, Object> summary(RoutingState s) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("shops", s.shops().size());
        m.put("shopsets", s.shopsets().size());
        m.put("fingerprint", StateDiff.fingerprint(s));
        return m;
    }
}
