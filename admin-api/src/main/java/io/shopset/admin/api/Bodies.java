package io.shopset.admin.api;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.config.Mappers;

/**
 * Reading JSON request bodies, with every problem a 400 naming the field: malformed JSON
 * ({@code body}), an unknown field (that field), a value of the wrong type ({@code hosts[0]}).
 */
final class Bodies {

    private Bodies() {
    }

    /**
     * The body as a JSON object; an empty body is an empty object when {@code optional}, else a 400.
     */
    static ObjectNode object(AdminRequest req, boolean optional) {
        if (req.body().length == 0 || new String(req.body(), java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            if (optional) {
                return Mappers.json().createObjectNode();
            }
            throw ApiException.badRequest("a JSON object body is required", "body");
        }
        final JsonNode n;
        try {
            n = Mappers.json().readTree(req.body());
        } catch (IOException e) {
            throw ApiException.badRequest("malformed JSON: " + (e instanceof JsonProcessingException p
                    ? p.getOriginalMessage() : e.getMessage()), "body");
        }
        if (n == null || !n.isObject()) {
            throw ApiException.badRequest("expected a JSON object", "body");
        }
        return (ObjectNode) n;
    }

    /** Refuses any field of {@code n} not in {@code known}. */
    static void onlyKnown(ObjectNode n, Set<String> known) {
        for (var it = n.fieldNames(); it.hasNext(); ) {
            final String f = it.next();
            if (!known.contains(f)) {
                throw ApiException.badRequest("unknown field \"" + f + "\" (expected: " +
                                              String.join(", ", known.stream().sorted().toList()) + ')', f);
            }
        }
    }

    /** {@code n} bound to {@code type} with the configuration file's rules (unknown keys fail). */
    static <T> T bind(JsonNode n, Class<T> type) {
        try {
            return AdminJson.READER.treeToValue(n, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown field \"" + e.getPropertyName() + '"', path(e.getPath()));
        } catch (JsonMappingException e) {
            final Throwable cause = e.getCause();
            final String why = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
            throw ApiException.badRequest(why, path(e.getPath()));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(e.getOriginalMessage(), "body");
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage(), "body");
        }
    }

    /** The boolean {@code field}, {@code dflt} when absent. */
    static boolean bool(ObjectNode n, String field, boolean dflt) {
        final JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest("expected true or false", field);
        }
        return v.booleanValue();
    }

    /** The whole number {@code field} in {@code [min, max]}, {@code dflt} when absent. */
    static int integer(ObjectNode n, String field, int dflt, int min, int max) {
        final JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw ApiException.badRequest("expected a whole number from " + min + " to " + max + ", not " + v, field);
        }
        return v.intValue();
    }

    /** The number {@code field} in {@code [min, max]}, {@code dflt} when absent. */
    static double number(ObjectNode n, String field, double dflt, double min, double max) {
        final JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber() || !(v.doubleValue() >= min && v.doubleValue() <= max)) {
            throw ApiException.badRequest("expected a number from " + min + " to " + max + ", not " + v, field);
        }
        return v.doubleValue();
    }

    /** The string {@code field}, or {@code null} when absent and not {@code required}. */
    static @Nullable String string(ObjectNode n, String field, boolean required) {
        final JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiException.badRequest("missing", field);
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw ApiException.badRequest("expected a non-empty string", field);
        }
        return v.textValue();
    }

    static String path(List<JsonMappingException.Reference> refs) {
        final StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "body" : sb.toString();
    }
}
