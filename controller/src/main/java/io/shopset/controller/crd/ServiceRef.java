package io.shopset.controller.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import org.jspecify.annotations.Nullable;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * The Service whose EndpointSlices ({@code kubernetes.io/service-name}) list a ShopSet's pods.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class ServiceRef {

    @Required
    @Pattern(Crds.DNS_LABEL)
    @JsonPropertyDescription("The namespace of the Service.")
    private String namespace = "";

    @Required
    @Pattern(Crds.DNS_LABEL)
    @JsonPropertyDescription("The name of the Service.")
    private String name = "";

    @Pattern(Crds.DNS_LABEL)
    @JsonPropertyDescription("The name of the EndpointSlice port the gateway connects to; " +
                             "when left out, the slices' first port.")
    private @Nullable String port;

    public ServiceRef() {
    }

    public ServiceRef(String namespace, String name, @Nullable String port) {
        this.namespace = namespace;
        this.name = name;
        this.port = port;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public @Nullable String getPort() {
        return port;
    }

    public void setPort(@Nullable String port) {
        this.port = port;
    }
}
