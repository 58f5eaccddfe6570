package io.shopset.controller.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import org.jspecify.annotations.Nullable;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * A tier's level and the release wanted for its ShopSets.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class TierSpec {

    @Required
    @Min(0)
    @Max(1000000)
    @JsonPropertyDescription("The release order: a lower level gets a release first (dev 0, beta 10, prod 30).")
    private int level;

    @Pattern("^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$")
    @JsonPropertyDescription("The release wanted for the tier's ShopSets (a version or image tag). It is given to " +
                             "them once every ShopSet of every lower tier runs it and is Ready; until then the " +
                             "tier's ReleaseBlocked condition names the lower tier that holds it.")
    private @Nullable String release;

    public int getLevel() {
        return level;
    }

    public void setLevel(int level) {
        this.level = level;
    }

    public @Nullable String getRelease() {
        return release;
    }

    public void setRelease(@Nullable String release) {
        this.release = release;
    }
}
