package io.shopset.controller.scrape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the samples of one metric from the Prometheus text exposition format (version 0.0.4, and
 * the OpenMetrics text that shares its sample lines): {@code name{label="value",…} value
 * [timestamp]}. Comment lines ({@code # HELP}, {@code # TYPE}, {@code # EOF}) and other metrics are
 * skipped; label values may hold the escapes {@code \\}, {@code \"} and {@code \n}; a trailing comma
 * inside the braces is accepted (older clients write one).
 */
public final class PrometheusText {

    /**
     * One sample.
     *
     * @param labels its labels, in the order written
     * @param value  its value ({@code NaN} and {@code ±Inf} as Java's doubles)
     */
    public record Sample(Map<String, String> labels, double value) {
    }

    private PrometheusText() {
    }

    /**
     * The samples of {@code metric} in {@code text}.
     *
     * @throws IllegalArgumentException naming the line when a sample line of {@code metric} is malformed
     */
    public static List<Sample> samples(String text, String metric) {
        final List<Sample> out = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            final String line = raw.strip();
            if (line.isEmpty() || line.charAt(0) == '#' || !line.startsWith(metric)) {
                continue;
            }
            final int afterName = metric.length();
            if (afterName < line.length() && line.charAt(afterName) != '{' && line.charAt(afterName) != ' ' &&
                line.charAt(afterName) != '\t') {
                continue; // another metric whose name starts with this one
            }
            try {
                out.add(sample(line, afterName));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("line " + lineNo + ": " + e.getMessage() + ": " + line, e);
            }
        }
        return out;
    }

    private static Sample sample(String line, int pos) {
        final Map<String, String> labels = new LinkedHashMap<>();
        int i = skipSpaces(line, pos);
        if (line.charAt(i) == '{') {
            i++;
            while (true) {
                i = skipSpaces(line, i);
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                final int eq = line.indexOf('=', i);
                if (eq < 0) {
                    throw new IllegalArgumentException("label without '='");
                }
                final String name = line.substring(i, eq).strip();
                i = skipSpaces(line, eq + 1);
                if (line.charAt(i) != '"') {
                    throw new IllegalArgumentException("label " + name + ": value not quoted");
                }
                final StringBuilder value = new StringBuilder();
                i++;
                while (line.charAt(i) != '"') {
                    char c = line.charAt(i);
                    if (c == '\\') {
                        i++;
                        c = line.charAt(i);
                        value.append(c == 'n' ? '\n' : c);
                    } else {
                        value.append(c);
                    }
                    i++;
                }
                labels.put(name, value.toString());
                i = skipSpaces(line, i + 1);
                if (line.charAt(i) == ',') {
                    i++;
                } else if (line.charAt(i) != '}') {
                    throw new IllegalArgumentException("expected ',' or '}' after label " + name);
                }
            }
        }
        final String[] rest = line.substring(i).strip().split("[ \t]+");
        if (rest.length == 0 || rest[0].isEmpty()) {
            throw new IllegalArgumentException("no value");
        }
        return new Sample(labels, value(rest[0]));
    }

    private static double value(String text) {
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("value \"" + text + "\" is not a number", e);
                }
        }
    }

    private static int skipSpaces(String s, int i) {
        while (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
            i++;
        }
        return i;
    }
}
