package io.shopset.admin.api;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.shopset.admin.auth.Principal;

/**
 * One admin request, fully read (admin bodies are small and bounded).
 *
 * @param pathParams values of the route's {@code {name}} segments
 * @param principal  who asked; {@code null} on the open routes
 */
public record AdminRequest(String method, String path, Map<String, List<String>> query,
                           Map<String, String> pathParams, Map<String, String> headers, byte[] body,
                           @Nullable Principal principal) {

    /** The first value of query parameter {@code name}, or {@code null}. */
    public @Nullable String queryParam(String name) {
        final List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Header {@code name} (lower-case), or {@code null}. */
    public @Nullable String header(String name) {
        return headers.get(name);
    }

    /** Who asked; only on routes that need a token. */
    public Principal who() {
        if (principal == null) {
            throw new IllegalStateException("no principal on an open route");
        }
        return principal;
    }

    public String pathParam(String name) {
        final String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalStateException("no path parameter " + name);
        }
        return v;
    }
}
