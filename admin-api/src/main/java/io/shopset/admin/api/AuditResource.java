package io.shopset.admin.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shopset.admin.auth.Role;
import io.shopset.routing.store.ChangeRecord;
import io.shopset.routing.store.ChangeRecords;
import io.shopset.routing.store.RoutingStore;

/**
 * {@code GET /api/v1/audit?limit=N}: recent mutations, newest first, each
 * {@code {"who","what","target","before","after","when","version"}}. With the Redis store the list
 * is shared by every replica; each replica also appends the changes made through it to its local
 * audit log file.
 */
public final class AuditResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private AuditResource() {
    }

    public static void register(Router router, RoutingStore store) {
        router.add(new Route("GET", "/api/v1/audit", Role.VIEWER, req -> {
            final int limit = limit(req.queryParam("limit"));
            final List<ObjectNode> out = new ArrayList<>();
            for (ChangeRecord r : store.recentChanges(limit)) {
                out.add(ChangeRecords.toJson(r));
            }
            return AdminResponse.json(out);
        }));
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            final int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badRequest("\"" + text + "\" (expected: a whole number from 1 to " + MAX_LIMIT + ')',
                                      "limit");
    }
}
