package io.shopset.loadtest.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * A small JSON file per run under {@code target/loadtest/} ({@code <name>-summary.json}) with the
 * headline figures, so that later runs can compare with it (the flash-sale simulation reads the
 * baseline's p99).
 */
public final class RunSummary {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> fields = new LinkedHashMap<>();

    public RunSummary put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    /** Latency figures of {@code h} under {@code key}: count, mean, p50, p95, p99, max (ms). */
    public RunSummary latency(String key, LatencyHistogram h) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.count());
        m.put("meanMs", Math.round(h.mean() * 10) / 10.0);
        m.put("p50Ms", h.percentile(50));
        m.put("p95Ms", h.percentile(95));
        m.put("p99Ms", h.percentile(99));
        m.put("maxMs", h.max());
        fields.put(key, m);
        return this;
    }

    /** Writes {@code <outputDir>/<name>-summary.json} and returns its path. */
    public Path write(String name) {
        final Path file = Settings.outputDir().resolve(name + "-summary.json");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), fields);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads a summary written earlier, or an empty map when there is none. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(String name) {
        final Path file = Settings.outputDir().resolve(name + "-summary.json");
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return JSON.readValue(file.toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
