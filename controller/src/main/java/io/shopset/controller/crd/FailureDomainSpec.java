package io.shopset.controller.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import org.jspecify.annotations.Nullable;

import io.fabric8.generator.annotation.Size;

/**
 * A failure domain: whether it is cordoned.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class FailureDomainSpec {

    @JsonPropertyDescription("Drain every ShopSet in the domain (e.g. before a cluster upgrade): the placer moves " +
                             "their shops to other domains, never two replicas of a shop into one domain.")
    private @Nullable Boolean cordoned;

    @Size(max = 1024)
    @JsonPropertyDescription("Where the domain is (cloud, cluster, site), for people.")
    private @Nullable String description;

    public @Nullable Boolean getCordoned() {
        return cordoned;
    }

    public void setCordoned(@Nullable Boolean cordoned) {
        this.cordoned = cordoned;
    }

    public @Nullable String getDescription() {
        return description;
    }

    public void setDescription(@Nullable String description) {
        this.description = description;
    }
}
