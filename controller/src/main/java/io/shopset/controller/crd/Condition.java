package io.shopset.controller.crd;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import org.jspecify.annotations.Nullable;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * One condition, in the shape of Kubernetes' {@code metav1.Condition}: {@code type}, {@code status},
 * {@code observedGeneration}, {@code lastTransitionTime} (changes only when {@code status} flips),
 * {@code reason} and {@code message}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Condition {

    /** The condition types the controller sets. */
    public static final String READY = "Ready";
    public static final String DRAINING = "Draining";
    public static final String RELEASE_BLOCKED = "ReleaseBlocked";

    @Required
    @Pattern("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")
    @JsonPropertyDescription("Type of condition in CamelCase: Ready, Draining or ReleaseBlocked.")
    private String type = "";

    @Required
    @JsonPropertyDescription("Status of the condition: True, False or Unknown.")
    private ConditionStatus status = ConditionStatus.Unknown;

    @Min(0)
    @JsonPropertyDescription("The .metadata.generation that the condition was set from.")
    private @Nullable Long observedGeneration;

    @Required
    @JsonPropertyDescription("When the condition last changed from one status to another (RFC 3339).")
    private String lastTransitionTime = "";

    @Required
    @Pattern("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")
    @JsonPropertyDescription("Why the condition is in this status: a CamelCase word for programs.")
    private String reason = "";

    @Required
    @JsonPropertyDescription("Why the condition is in this status, for people; may be empty.")
    private String message = "";

    public Condition() {
    }

    public Condition(String type, ConditionStatus status, @Nullable Long observedGeneration, String lastTransitionTime,
                     String reason, String message) {
        this.type = type;
        this.status = status;
        this.observedGeneration = observedGeneration;
        this.lastTransitionTime = lastTransitionTime;
        this.reason = reason;
        this.message = message;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public ConditionStatus getStatus() {
        return status;
    }

    public void setStatus(ConditionStatus status) {
        this.status = status;
    }

    public @Nullable Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(@Nullable Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Condition c && type.equals(c.type) && status == c.status &&
               Objects.equals(observedGeneration, c.observedGeneration) &&
               lastTransitionTime.equals(c.lastTransitionTime) && reason.equals(c.reason) && message.equals(c.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status, observedGeneration, lastTransitionTime, reason, message);
    }

    @Override
    public String toString() {
        return type + '=' + status + " (" + reason + ": " + message + ')';
    }
}
