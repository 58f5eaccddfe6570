package io.shopset.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.junit.jupiter.api.Test;

/**
 * The CRDs under {@code k8s/crds/} are what the crd-generator makes of the classes in
 * {@code io.shopset.controller.crd} (it runs in {@code process-classes}, before the tests), and
 * every field has a description ({@code kubectl explain}).
 */
class CrdsTest {

    private static final Path GENERATED = Path.of("target", "crds");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void committedCrdsAreTheGeneratedOnes() throws IOException {
        final List<String> generated = names(GENERATED);
        assertThat(generated).containsExactly("configurations.shopset.io-v1.yml", "failuredomains.shopset.io-v1.yml",
                                              "shopsets.shopset.io-v1.yml", "tiers.shopset.io-v1.yml");
        assertThat(names(MockCluster.CRDS)).as("k8s/crds holds exactly the generated CRDs").isEqualTo(generated);
        for (String name : generated) {
            assertThat(Files.readString(MockCluster.CRDS.resolve(name)))
                    .as("k8s/crds/%s is stale: copy controller/target/crds/%s over it (mvn -pl controller " +
                        "process-classes; cp controller/target/crds/*.yml k8s/crds/)", name, name)
                    .isEqualTo(Files.readString(GENERATED.resolve(name)));
        }
    }

    @Test
    void everyFieldHasADescriptionAndEveryKindIsInTheCategory() throws IOException {
        for (String name : names(MockCluster.CRDS)) {
            final JsonNode crd = YAML.readTree(MockCluster.CRDS.resolve(name).toFile());
            assertThat(crd.at("/spec/names/categories").toString()).contains("shopset-all");
            assertThat(crd.at("/spec/scope").asText()).isEqualTo("Cluster");
            final JsonNode version = crd.at("/spec/versions/0");
            assertThat(version.at("/subresources/status").isObject()).as(name + " has the status subresource").isTrue();
            assertThat(version.at("/additionalPrinterColumns").size()).isGreaterThanOrEqualTo(2);
            final List<String> missing = new ArrayList<>();
            undescribed(version.at("/schema/openAPIV3Schema/properties"), name, missing);
            assertThat(missing).as("fields without a description").isEmpty();
        }
    }

    private static void undescribed(JsonNode properties, String path, List<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            final Map.Entry<String, JsonNode> e = it.next();
            final String p = path + '.' + e.getKey();
            JsonNode schema = e.getValue();
            if (!schema.hasNonNull("description") || schema.get("description").asText().isBlank()) {
                out.add(p);
            }
            if (schema.has("items")) {
                schema = schema.get("items");
            }
            if (schema.has("properties")) {
                undescribed(schema.get("properties"), p, out);
            }
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml")).sorted()
                    .toList();
        }
    }
}
