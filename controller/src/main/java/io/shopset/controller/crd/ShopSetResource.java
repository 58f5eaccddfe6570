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
 * {@code ShopSet}: one complete serving stack with its own pods (cluster-scoped; its name is the
 * routing table's ShopSet name).
 */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
@Kind("ShopSet")
@Plural("shopsets")
@Singular("shopset")
@ShortNames("ss")
@Categories(Crds.CATEGORY)
@AdditionalPrinterColumn(name = "Tier", jsonPath = ".spec.tier", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Domain", jsonPath = ".spec.failureDomain", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
                         type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Endpoints", jsonPath = ".status.readyEndpoints", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Shops", jsonPath = ".status.shopCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Release", jsonPath = ".status.currentRelease", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Target", jsonPath = ".status.targetRelease", type = AdditionalPrinterColumn.Type.STRING,
                         priority = 1)
@AdditionalPrinterColumn(name = "Draining", jsonPath = ".status.conditions[?(@.type==\"Draining\")].status",
                         type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public final class ShopSetResource extends CustomResource<ShopSetSpec, ShopSetStatus> {

    private static final long serialVersionUID = 1L;

    @Override
    @JsonPropertyDescription("What the ShopSet is: tier, configuration, failure domain, Service, health checks.")
    public ShopSetSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the controller observed: conditions, ready endpoints, shops, current release.")
    public ShopSetStatus getStatus() {
        return super.getStatus();
    }
}
