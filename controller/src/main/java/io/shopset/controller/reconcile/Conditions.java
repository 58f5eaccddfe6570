package io.shopset.controller.reconcile;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import io.shopset.controller.crd.Condition;
import io.shopset.controller.crd.ConditionStatus;
import io.shopset.controller.crd.ResourceStatus;

/**
 * Builds conditions that keep their {@code lastTransitionTime} while their status stays the same.
 */
final class Conditions {

    private final @Nullable ResourceStatus previous;
    private final @Nullable Long generation;
    private final String now;

    Conditions(@Nullable ResourceStatus previous, @Nullable Long generation, Instant now) {
        this.previous = previous;
        this.generation = generation;
        this.now = timestamp(now);
    }

    static String timestamp(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    Condition make(String type, boolean status, String reason, String message) {
        final ConditionStatus s = ConditionStatus.of(status);
        final Condition prev = previous == null ? null : previous.condition(type);
        final String since = prev != null && prev.getStatus() == s ? prev.getLastTransitionTime() : now;
        return new Condition(type, s, generation, since, reason, message);
    }
}
