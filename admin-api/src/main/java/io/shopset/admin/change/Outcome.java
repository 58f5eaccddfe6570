package io.shopset.admin.change;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.model.RoutingState;

/**
 * What a {@link Mutation} computed.
 *
 * @param next   the next state ({@code current} itself when nothing changes: idempotent calls)
 * @param action the audit log's "what" ({@code isolate}, {@code put-shop}, ...)
 * @param target the audit log's object ({@code shop/alpha}, {@code shopset/prod-a})
 * @param before the object before (audited), {@code null} when created
 * @param after  the object after (audited), {@code null} when deleted
 * @param scope  the error path of the object the request is about ({@code shops[alpha]}): errors
 *               inside it name the field relative to it
 */
public record Outcome(RoutingState next, String action, String target, @Nullable Object before,
                      @Nullable Object after, @Nullable String scope) {

    public Outcome {
        requireNonNull(next, "next");
        requireNonNull(action, "action");
        requireNonNull(target, "target");
    }
}
