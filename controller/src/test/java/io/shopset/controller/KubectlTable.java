package io.shopset.controller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * What {@code kubectl get <kind>} prints for custom resources, rendered from the CRD's
 * {@code additionalPrinterColumns} (the committed YAML under {@code k8s/crds/}) over the objects as
 * the API server returns them: {@code NAME} and every column of priority 0 ({@code -o wide}: all),
 * in the CRD's order, rows by name, headers upper-cased, columns three spaces apart, {@code date}
 * columns as ages.
 * The JSONPath subset the CRDs use: {@code .a.b} and {@code .a[?(@.k=="v")].b}.
 */
final class KubectlTable {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KubectlTable() {
    }

    /** The table for {@code objects} of the kind of CRD file {@code crdFile} (e.g. {@code shopsets.shopset.io-v1.yml}). */
    static String render(String crdFile, List<? extends HasMetadata> objects, Instant now, boolean wide) {
        final JsonNode columns;
        try {
            columns = YAML.readTree(MockCluster.CRDS.resolve(crdFile).toFile()).at("/spec/versions/0/additionalPrinterColumns");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final List<JsonNode> shown = new ArrayList<>();
        for (JsonNode c : columns) {
            if (wide || c.path("priority").asInt(0) == 0) {
                shown.add(c);
            }
        }
        final List<List<String>> rows = new ArrayList<>();
        final List<String> header = new ArrayList<>();
        header.add("NAME");
        shown.forEach(c -> header.add(c.path("name").asText().toUpperCase(Locale.ROOT)));
        rows.add(header);
        final List<HasMetadata> sorted = new ArrayList<>(objects);
        sorted.sort((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()));
        for (HasMetadata o : sorted) {
            final JsonNode json = SERIALIZATION.convertValue(o, JsonNode.class);
            final List<String> row = new ArrayList<>();
            row.add(o.getMetadata().getName());
            for (JsonNode c : shown) {
                final String v = eval(json, c.path("jsonPath").asText());
                row.add("date".equals(c.path("type").asText()) && !v.isEmpty() ? age(Instant.parse(v), now) : v);
            }
            rows.add(row);
        }
        final int[] width = new int[header.size()];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        final StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            final StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(r.get(i));
                if (i < r.size() - 1) {
                    line.append(" ".repeat(width[i] - r.get(i).length() + 3));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** Evaluates the JSONPath subset of the CRDs' columns; missing values are {@code ""}. */
    static String eval(JsonNode root, String path) {
        JsonNode node = root;
        for (String segment : path.substring(1).split("\\.(?![^\\[]*\\])")) {
            final int filter = segment.indexOf("[?(@.");
            if (filter >= 0) {
                node = node.path(segment.substring(0, filter));
                final String cond = segment.substring(filter + 5, segment.length() - 2);
                final String key = cond.substring(0, cond.indexOf("=="));
                final String value = cond.substring(cond.indexOf("==") + 2).replace("\"", "");
                JsonNode match = null;
                for (JsonNode item : node) {
                    if (value.equals(item.path(key).asText())) {
                        match = item;
                        break;
                    }
                }
                node = match == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : match;
            } else {
                node = node.path(segment);
            }
        }
        return node.isMissingNode() || node.isNull() ? "" : node.asText();
    }

    /** kubectl's age: {@code 45s}, {@code 5m12s}, {@code 12m}, {@code 3h5m}, {@code 14h}, {@code 3d4h}, {@code 12d}. */
    static String age(Instant t, Instant now) {
        final Duration d = Duration.between(t, now).isNegative() ? Duration.ZERO : Duration.between(t, now);
        final long s = d.toSeconds();
        if (s < 120) {
            return s + "s";
        }
        final long m = d.toMinutes();
        if (m < 10) {
            return s % 60 == 0 ? m + "m" : m + "m" + (s % 60) + "s";
        }
        if (m < 180) {
            return m + "m";
        }
        final long h = d.toHours();
        if (h < 8) {
            return m % 60 == 0 ? h + "h" : h + "h" + (m % 60) + "m";
        }
        if (h < 48) {
            return h + "h";
        }
        if (h < 24 * 8) {
            return h % 24 == 0 ? (h / 24) + "d" : (h / 24) + "d" + (h % 24) + "h";
        }
        return (h / 24) + "d";
    }

    /** Prints {@code $ kubectl get <plural>} and the table. */
    static String get(String plural, String crdFile, List<? extends HasMetadata> objects, Instant now, boolean wide) {
        return "$ kubectl get " + plural + (wide ? " -o wide" : "") + '\n' + render(crdFile, objects, now, wide);
    }
}
