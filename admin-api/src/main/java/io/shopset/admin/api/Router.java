package io.shopset.admin.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shopset.admin.auth.Principal;
import io.shopset.admin.auth.Tokens;

/**
 * Matches admin requests to routes and enforces authentication and roles: a missing or wrong token
 * gets 401, a role that may not do it 403, an unknown path 404, a known path with another method
 * 405 (with {@code Allow}). Handler failures become the contract's error shape.
 */
public final class Router {

    private static final Logger logger = LoggerFactory.getLogger(Router.class);

    private final List<Route> routes = new ArrayList<>();
    private final Tokens tokens;

    public Router(Tokens tokens) {
        this.tokens = tokens;
    }

    public Router add(Route route) {
        routes.add(route);
        return this;
    }

    /** Serves {@code req} (whose principal is not yet set). */
    public AdminResponse dispatch(AdminRequest req) {
        final Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            final Map<String, String> params = match(route.pattern(), req.path());
            if (params == null) {
                continue;
            }
            if (!route.method().equals(req.method())
                && !(req.method().equals("HEAD") && route.method().equals("GET"))) {
                allowed.add(route.method());
                continue;
            }
            Principal principal = null;
            if (route.role() != null) {
                principal = tokens.authenticate(bearer(req.header("authorization")));
                if (principal == null) {
                    return AdminResponse.error(401, "missing or invalid bearer token", null)
                                        .withHeader("WWW-Authenticate", "Bearer realm=\"shopset\"");
                }
                if (!principal.role().allows(route.role())) {
                    return AdminResponse.error(403, "token \"" + principal.name() + "\" has role " +
                                                    principal.role().name().toLowerCase() + "; this needs " +
                                                    route.role().name().toLowerCase(), null);
                }
            }
            final AdminRequest bound = new AdminRequest(req.method(), req.path(), req.query(), params, req.headers(),
                                                        req.body(), principal);
            try {
                return route.handler().handle(bound);
            } catch (ApiException e) {
                return AdminResponse.error(e.status(), e.getMessage(), e.field());
            } catch (Exception e) {
                logger.error("admin {} {} failed", req.method(), req.path(), e);
                return AdminResponse.error(500, "internal error: " + e, null);
            }
        }
        if (!allowed.isEmpty()) {
            return AdminResponse.error(405, "method " + req.method() + " not allowed on " + req.path(), null)
                                .withHeader("Allow", String.join(", ", allowed));
        }
        return AdminResponse.error(404, "no such route: " + req.path(), null);
    }

    private static @Nullable String bearer(@Nullable String authorization) {
        if (authorization == null || authorization.length() < 8
            || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    /** The path parameters when {@code path} matches {@code pattern}, else {@code null}. */
    static @Nullable Map<String, String> match(String pattern, String path) {
        final String[] p = pattern.split("/", -1);
        final String[] s = path.split("/", -1);
        if (p.length != s.length) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < p.length; i++) {
            if (p[i].startsWith("{") && p[i].endsWith("}")) {
                if (s[i].isEmpty()) {
                    return null;
                }
                if (params == null) {
                    params = new HashMap<>();
                }
                params.put(p[i].substring(1, p[i].length() - 1), s[i]);
            } else if (!p[i].equals(s[i])) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }
}
