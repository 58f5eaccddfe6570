package io.shopset.admin.api;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.store.StateDiff;

/**
 * Entity tags of shops and ShopSets: a hash of the stored object, so any change to it changes the
 * tag. {@code If-Match} with a tag that is no longer current is a 409 (the contract's stale
 * {@code If-Match}); {@code If-Match: *} needs the object to exist; {@code If-None-Match: *} needs
 * it not to.
 */
final class ETags {

    private ETags() {
    }

    static String of(Object stored) {
        return '"' + StateDiff.hash(stored) + '"';
    }

    /** Refuses the request when its preconditions do not hold for {@code current} ({@code null}: absent). */
    static void check(AdminRequest req, @Nullable Object current, String what) {
        final String ifMatch = req.header("if-match");
        if (ifMatch != null) {
            if (current == null) {
                throw ApiException.conflict(what + " does not exist (If-Match: " + ifMatch + ')', "If-Match");
            }
            if (!matches(ifMatch, of(current))) {
                throw ApiException.conflict(what + " changed since you read it (If-Match: " + ifMatch +
                                            ", current ETag: " + of(current) + ')', "If-Match");
            }
        }
        final String ifNoneMatch = req.header("if-none-match");
        if (ifNoneMatch != null && current != null && matches(ifNoneMatch, of(current))) {
            throw ApiException.conflict(what + " already exists (If-None-Match: " + ifNoneMatch + ')',
                                        "If-None-Match");
        }
    }

    private static boolean matches(String header, String etag) {
        for (String t : header.split(",")) {
            final String tag = t.trim();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
