package io.shopset.routing.store;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shopset.routing.config.Mappers;

/**
 * JSON of {@link ChangeRecord}s, as the audit log file, the Redis audit list and the admin API
 * write them: {@code {"who","what","target","before","after","when","version"}} ({@code when} in
 * ISO-8601 UTC).
 */
public final class ChangeRecords {

    private ChangeRecords() {
    }

    public static ObjectNode toJson(ChangeRecord r) {
        final ObjectNode n = Mappers.json().createObjectNode();
        n.put("who", r.who());
        n.put("what", r.action());
        n.put("target", r.target());
        n.set("before", r.before());
        n.set("after", r.after());
        n.put("when", r.when().toString());
        n.put("version", r.version());
        return n;
    }

    public static String toJsonLine(ChangeRecord r) {
        return toJson(r).toString();
    }

    /** @throws IOException when {@code line} is not a change record */
    public static ChangeRecord parse(String line) throws IOException {
        final JsonNode n = Mappers.json().readTree(line);
        if (n == null || !n.isObject() || !n.hasNonNull("who") || !n.hasNonNull("when")) {
            throw new IOException("not a change record: " + abbreviate(line));
        }
        try {
            return new ChangeRecord(n.path("who").asText(), n.path("what").asText(), n.path("target").asText(),
                                    nullable(n.get("before")), nullable(n.get("after")),
                                    Instant.parse(n.path("when").asText()), n.path("version").asLong());
        } catch (RuntimeException e) {
            throw new IOException("not a change record: " + abbreviate(line), e);
        }
    }

    private static JsonNode nullable(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
