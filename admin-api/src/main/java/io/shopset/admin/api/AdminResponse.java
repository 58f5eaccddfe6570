package io.shopset.admin.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.config.Mappers;

/** One admin response: status, content type, body and extra headers. */
public record AdminResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    /** {@code value} as JSON with status 200. */
    public static AdminResponse json(Object value) {
        return json(200, value);
    }

    public static AdminResponse json(int status, Object value) {
        try {
            return new AdminResponse(status, "application/json", AdminJson.WRITER.writeValueAsBytes(value), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public static AdminResponse text(int status, String contentType, String body) {
        return new AdminResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** The contract's error shape: {@code {"error": "...", "field": "..."}}. */
    public static AdminResponse error(int status, String message, @Nullable String field) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        return json(status, body);
    }

    public AdminResponse withHeader(String name, String value) {
        final Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new AdminResponse(status, contentType, body, Map.copyOf(h));
    }
}
