package io.shopset.controller.crd;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import org.jspecify.annotations.Nullable;

import io.fabric8.generator.annotation.Size;

/**
 * A named environment bundle: the values ShopSets of this configuration run with.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class ConfigurationSpec {

    @Size(max = 1024)
    @JsonPropertyDescription("What the configuration is for, for people.")
    private @Nullable String description;

    @JsonPropertyDescription("The environment values ShopSets of this configuration run with (name to value).")
    private Map<String, String> values = new LinkedHashMap<>();

    public @Nullable String getDescription() {
        return description;
    }

    public void setDescription(@Nullable String description) {
        this.description = description;
    }

    public Map<String, String> getValues() {
        return values;
    }

    public void setValues(@Nullable Map<String, String> values) {
        this.values = values == null ? new LinkedHashMap<>() : values;
    }
}
