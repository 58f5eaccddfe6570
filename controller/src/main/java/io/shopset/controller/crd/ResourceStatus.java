package io.shopset.controller.crd;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import org.jspecify.annotations.Nullable;

import io.fabric8.generator.annotation.Min;

/**
 * What every status of the four resources has: the generation it was computed from and its
 * conditions (every resource has {@code Ready}).
 */
public abstract class ResourceStatus {

    @Min(0)
    @JsonPropertyDescription("The .metadata.generation the controller last reconciled.")
    private @Nullable Long observedGeneration;

    @JsonPropertyDescription("The latest observations of the resource's state, one per type " +
                             "(metav1.Condition shape).")
    private List<Condition> conditions = new ArrayList<>();

    public @Nullable Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(@Nullable Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(@Nullable List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    /** The condition of {@code type}, or {@code null}. */
    public @Nullable Condition condition(String type) {
        for (Condition c : conditions) {
            if (c.getType().equals(type)) {
                return c;
            }
        }
        return null;
    }
}
