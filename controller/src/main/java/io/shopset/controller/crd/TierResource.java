package io.shopset.controller.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * {@code Tier}: an ordered release level (dev 0 &lt; beta 10 &lt; prod 30). A release reaches a tier's
 * ShopSets only after every ShopSet of every lower tier runs it.
 */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
@Kind("Tier")
@Plural("tiers")
@Singular("tier")
@ShortNames("sstier")
@Categories(Crds.CATEGORY)
@AdditionalPrinterColumn(name = "Level", jsonPath = ".spec.level", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Wanted", jsonPath = ".spec.release", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Current", jsonPath = ".status.currentRelease", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Blocked", jsonPath = ".status.conditions[?(@.type==\"ReleaseBlocked\")].status",
                         type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "BlockedBy", jsonPath = ".status.blockedBy", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ShopSets", jsonPath = ".status.shopSetCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"ReleaseBlocked\")].reason",
                         type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public final class TierResource extends CustomResource<TierSpec, TierStatus> {

    private static final long serialVersionUID = 1L;

    @Override
    @JsonPropertyDescription("The tier's level and the release wanted for it.")
    public TierSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the controller observed: conditions, the release its ShopSets run, why a release is held.")
    public TierStatus getStatus() {
        return super.getStatus();
    }
}
