package io.shopset.admin.api;

import org.jspecify.annotations.Nullable;

import io.shopset.admin.auth.Role;

/**
 * One admin route: method, path pattern ({@code /api/v1/shops/{id}}), the role it needs
 * ({@code null}: open, no token), and its handler.
 */
public record Route(String method, String pattern, @Nullable Role role, Handler handler) {

    /** Serves one request; may throw {@link ApiException}. Runs on the admin executor. */
    @FunctionalInterface
    public interface Handler {
        AdminResponse handle(AdminRequest request) throws Exception;
    }
}
