package io.shopset.loadtest.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Per shop, what the gateway's own access log says: requests by status and the distinct client
 * addresses it keyed them by. Read after the load, to confirm from the gateway's side what the
 * simulation meant to send (many client addresses, the statuses it counted).
 */
public final class AccessLogStats {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Set<String>> clientsByShop = new HashMap<>();
    private final Map<String, Map<Integer, Long>> statusesByShop = new HashMap<>();
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
}
