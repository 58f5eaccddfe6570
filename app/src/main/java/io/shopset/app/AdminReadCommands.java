package io.shopset.app;

import java.io.PrintWriter;

import com.fasterxml.jackson.databind.JsonNode;

import io.shopset.routing.config.Mappers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code shopset admin explain HOST} and {@code shopset admin status}. */
final class AdminReadCommands {

    private AdminReadCommands() {
    }

    @Command(name = "explain", mixinStandardHelpOptions = true,
             description = "How the gateway routes a host: the shop, every candidate ShopSet and the chosen one.")
    static final class Explain extends AdminCommand.Sub {
        @Parameters(index = "0", paramLabel = "HOST")
        String host;

        @Override
        void run(AdminClient client, PrintWriter out, boolean json) throws AdminClient.Failure {
            final JsonNode e = client.get("/api/v1/explain?host=" + AdminClient.q(host)).json();
            if (json) {
                printJson(out, e);
                return;
            }
            out.printf("%s -> shop %s%n", e.path("host").asText(), e.path("shop").asText());
            int i = 1;
            for (JsonNode c : e.path("candidates")) {
                out.printf("  %d. %-12s %-8s %-9s %s%n", i++, c.path("shopset").asText(),
                           c.path("failureDomain").asText(), c.path("healthy").asBoolean() ? "healthy" : "unhealthy",
                           c.path("reason").asText());
            }
            out.printf("chosen: %s%n", e.path("chosen").isNull() ? "none (the gateway answers 503)"
                    : e.path("chosen").asText());
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
             description = "Readiness, routing table version and size, and every ShopSet's state.")
    static final class Status extends AdminCommand.Sub {
        @Override
        void run(AdminClient client, PrintWriter out, boolean json) throws AdminClient.Failure {
            boolean ready;
            try {
                ready = client.get("/readyz").status() == 200;
            } catch (AdminClient.Failure f) {
                if (f.status == 0) {
                    throw f;
                }
                ready = false;
            }
            final JsonNode table = client.get("/api/v1/routing-table").json();
            final JsonNode sets = client.get("/api/v1/shopsets").json().path("shopsets");
            if (json) {
                final var j = Mappers.json().createObjectNode();
                j.put("ready", ready);
                j.set("routingTable", table);
                j.set("shopsets", sets);
                printJson(out, j);
                return;
            }
            out.printf("ready: %s%nrouting table: v%d, %d shops, %d ShopSets%n", ready ? "yes" : "no",
                       table.path("version").asLong(), table.path("shops").asInt(), table.path("shopsets").asInt());
            for (JsonNode s : sets) {
                int healthy = 0;
                for (JsonNode e : s.path("endpoints")) {
                    healthy += e.path("healthy").asBoolean() ? 1 : 0;
                }
                out.printf("  %-12s %-8s %-12s %5d shops  %d/%d endpoints healthy%s%n", s.path("name").asText(),
                           s.path("failureDomain").asText(), s.path("state").asText(), s.path("shops").asInt(),
                           healthy, s.path("endpoints").size(), s.path("dedicated").asBoolean() ? "  (dedicated)" : "");
            }
        }
    }
}
