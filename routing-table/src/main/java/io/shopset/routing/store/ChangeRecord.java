package io.shopset.routing.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import org.jspecify.annotations.Nullable;

/**
 * One audited mutation: who (the token's name), what (the action), on which object, the object
 * before and after, when, and the store version it produced.
 *
 * @param before {@code null} when the object was created
 * @param after  {@code null} when the object was deleted
 */
public record ChangeRecord(String who, String action, String target, @Nullable JsonNode before,
                           @Nullable JsonNode after, Instant when, long version) {

    public ChangeRecord {
        requireNonNull(who, "who");
        requireNonNull(action, "action");
        requireNonNull(target, "target");
        requireNonNull(when, "when");
    }

    /** This record with the version the store gave the change. */
    public ChangeRecord withVersion(long v) {
        return new ChangeRecord(who, action, target, before, after, when, v);
    }
}
