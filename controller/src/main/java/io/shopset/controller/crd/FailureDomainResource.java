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
 * {@code FailureDomain}: where ShopSets run (a cloud, a cluster, a site). Cordoning it drains every
 * ShopSet in it through the placer, as the admin drain does.
 */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
@Kind("FailureDomain")
@Plural("failuredomains")
@Singular("failuredomain")
@ShortNames("fd")
@Categories(Crds.CATEGORY)
@AdditionalPrinterColumn(name = "Cordoned", jsonPath = ".spec.cordoned", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Draining", jsonPath = ".status.conditions[?(@.type==\"Draining\")].status",
                         type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ShopSets", jsonPath = ".status.shopSetCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Shops", jsonPath = ".status.shopCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public final class FailureDomainResource extends CustomResource<FailureDomainSpec, FailureDomainStatus> {

    private static final long serialVersionUID = 1L;

    @Override
    @JsonPropertyDescription("Whether the domain is cordoned.")
    public FailureDomainSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the controller observed: conditions, its ShopSets and shops.")
    public FailureDomainStatus getStatus() {
        return super.getStatus();
    }
}
