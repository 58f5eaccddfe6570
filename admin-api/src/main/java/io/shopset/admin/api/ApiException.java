package io.shopset.admin.api;

import org.jspecify.annotations.Nullable;

/**
 * An admin request that cannot be served; becomes {@code {"error": message, "field": field}} with
 * its status.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final @Nullable String field;

    public ApiException(int status, String message, @Nullable String field) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    public static ApiException badRequest(String message, String field) {
        return new ApiException(400, message, field);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message, null);
    }

    public static ApiException conflict(String message, @Nullable String field) {
        return new ApiException(409, message, field);
    }

    public int status() {
        return status;
    }

    public @Nullable String field() {
        return field;
    }
}
