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
 * {@code Configuration}: a named environment bundle ({@code production}, {@code staging}). ShopSets
 * refer to it by name; a shop is only routed to ShopSets of its own configuration.
 */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
@Kind("Configuration")
@Plural("configurations")
@Singular("configuration")
@ShortNames("ssconf")
@Categories(Crds.CATEGORY)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
                         type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ShopSets", jsonPath = ".status.shopSetCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public final class ConfigurationResource extends CustomResource<ConfigurationSpec, ConfigurationStatus> {

    private static final long serialVersionUID = 1L;

    @Override
    @JsonPropertyDescription("The environment bundle: what ShopSets of this configuration run with.")
    public ConfigurationSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the controller observed: conditions and the ShopSets that use it.")
    public ConfigurationStatus getStatus() {
        return super.getStatus();
    }
}
