package io.shopset.loadtest.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Per shop, what the gateway's own access log says: requests by status, the distinct client
 * addresses it keyed them by, and where the time of a request went (its upstream's share and the
 * gateway's own). Read after the load, to confirm from the gateway's side what the simulation meant
 * to send (many client addresses, the statuses it counted) and to tell the gateway's time from the
 * pods'.
 */
public final class AccessLogStats {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Set<String>> clientsByShop = new HashMap<>();
    private final Map<String, Map<Integer, Long>> statusesByShop = new HashMap<>();
    private final List<Timing> timings = new ArrayList<>();
    private long lines;

    private AccessLogStats() {
    }

    /** Reads the JSON-lines access log {@code file}; an unreadable line is skipped. */
    public static AccessLogStats read(Path file) {
        final AccessLogStats stats = new AccessLogStats();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                stats.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return stats;
    }

    private void add(String line) {
        final JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            return;
        }
        lines++;
        final String shop = n.path("shop").asText("-");
        clientsByShop.computeIfAbsent(shop, s -> new HashSet<>()).add(n.path("client").asText("?"));
        statusesByShop.computeIfAbsent(shop, s -> new TreeMap<>()).merge(n.path("status").asInt(), 1L, Long::sum);
        try {
            timings.add(new Timing(Instant.parse(n.path("time").asText()).toEpochMilli(), shop,
                                   n.path("duration_ms").asDouble(), n.path("upstream_ms").asDouble()));
        } catch (DateTimeParseException e) {
            // no time: counted above, left out of the timings
        }
    }

    /**
     * Where the time of every shop's requests but {@code shop}'s went, for the requests that started
     * in {@code phase} (as {@code phaseOf} maps a start time, epoch milliseconds, to a phase).
     */
    public TimeSplit timesExcept(String shop, LongFunction<String> phaseOf, String phase) {
        final List<Double> total = new ArrayList<>();
        final List<Double> upstream = new ArrayList<>();
        final List<Double> own = new ArrayList<>();
        for (Timing t : timings) {
            if (!t.shop().equals(shop) && phase.equals(phaseOf.apply(t.startMillis()))) {
                total.add(t.durationMs());
                upstream.add(t.upstreamMs());
                own.add(Math.max(0, t.durationMs() - t.upstreamMs()));
            }
        }
        return new TimeSplit(total.size(), percentile(total, 50), percentile(total, 99), percentile(upstream, 99),
                             percentile(own, 50), percentile(own, 99));
    }

    private static double percentile(List<Double> values, double percent) {
        if (values.isEmpty()) {
            return 0;
        }
        final List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        final int rank = (int) Math.max(1, Math.ceil(sorted.size() * percent / 100.0));
        return sorted.get(rank - 1);
    }

    /** Lines read. */
    public long lines() {
        return lines;
    }

    /** Distinct client addresses of {@code shop}'s requests. */
    public int distinctClients(String shop) {
        return clientsByShop.getOrDefault(shop, Set.of()).size();
    }

    /** Distinct client addresses of every shop's requests but {@code shop}'s. */
    public int distinctClientsExcept(String shop) {
        final Set<String> all = new HashSet<>();
        clientsByShop.forEach((s, c) -> {
            if (!s.equals(shop)) {
                all.addAll(c);
            }
        });
        return all.size();
    }

    /** {@code shop}'s requests by status. */
    public Map<Integer, Long> statuses(String shop) {
        return statusesByShop.getOrDefault(shop, Map.of());
    }

    /** Requests of every shop but {@code shop} with a status of at least 500. */
    public long serverErrorsExcept(String shop) {
        long n = 0;
        for (Map.Entry<String, Map<Integer, Long>> e : statusesByShop.entrySet()) {
            if (!e.getKey().equals(shop)) {
                n += e.getValue().entrySet().stream().filter(s -> s.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
            }
        }
        return n;
    }

    private record Timing(long startMillis, String shop, double durationMs, double upstreamMs) {
    }

    /**
     * The gateway's view of some requests' time, in milliseconds.
     *
     * @param count        how many requests
     * @param totalP50     p50 of the whole time in the gateway (request in to response out)
     * @param totalP99     p99 of the same
     * @param upstreamP99  p99 of the upstream's share (request sent to response received)
     * @param ownP50       p50 of the gateway's own share (whole time less the upstream's)
     * @param ownP99       p99 of the same
     */
    public record TimeSplit(int count, double totalP50, double totalP99, double upstreamP99, double ownP50,
                            double ownP99) {

        @Override
        public String toString() {
            return String.format("%d requests, p50/p99 %.1f/%.1f ms, upstream p99 %.1f ms, gateway's own p50/p99 "
                                 + "%.2f/%.2f ms", count, totalP50, totalP99, upstreamP99, ownP50, ownP99);
        }
    }
}
