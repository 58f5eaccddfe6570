package io.shopset.app;

import java.io.PrintWriter;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shopset admin rebalance [--dry-run] [--max-moves N] [--max-traffic-share F]} and
 * {@code shopset admin what-if (--failure-domain NAME | --shopset NAME)}.
 */
final class AdminHealCommands {

    private AdminHealCommands() {
    }

    @Command(name = "rebalance", mixinStandardHelpOptions = true,
             description = "Even shops out across ShopSets by capacity, coldest shops first, within a budget; "
                           + "--dry-run shows the plan only.")
    static final class Rebalance extends AdminCommand.Sub {
        @Option(names = "--dry-run", description = "Show the plan; change nothing.")
        boolean dryRun;

        @Option(names = "--max-moves", paramLabel = "N", description = "Shops moved at most (default 100).")
        Integer maxMoves;

        @Option(names = "--max-traffic-share", paramLabel = "F",
                description = "The moved shops' share of all traffic at most, 0 to 1 (default 0.1).")
        Double maxTrafficShare;

        @Override
        void run(AdminClient client, PrintWriter out, boolean json) throws AdminClient.Failure {
            final var body = io.shopset.routing.config.Mappers.json().createObjectNode();
            body.put("dryRun", dryRun);
            if (maxMoves != null) {
                body.put("maxMoves", maxMoves);
            }
            if (maxTrafficShare != null) {
                body.put("maxTrafficShare", maxTrafficShare);
            }
            final JsonNode plan = client.post("/api/v1/rebalance", body.toString()).json();
            if (json) {
                printJson(out, plan);
                return;
            }
            final int n = plan.path("moves").size();
            out.printf("%s: %d move%s (%.1f%% of traffic)%n", dryRun ? "Rebalance plan" : "Rebalanced", n,
                       n == 1 ? "" : "s", 100 * plan.path("movedTrafficShare").asDouble());
            for (JsonNode m : plan.path("moves")) {
                out.printf("  %s: %s -> %s%n", m.path("shop").asText(), m.path("from").asText(), m.path("to").asText());
            }
            for (JsonNode s : plan.path("shopsets")) {
                out.printf("  %-16s %6d -> %6d shops%n", s.path("shopset").asText(), s.path("before").asInt(),
                           s.path("after").asInt());
            }
            final JsonNode skipped = plan.path("skipped");
            if (skipped.path("maxMoves").asInt() + skipped.path("trafficShare").asInt() > 0) {
                out.printf("Left for another call: %d over the move budget, %d over the traffic budget%n",
                           skipped.path("maxMoves").asInt(), skipped.path("trafficShare").asInt());
            }
            if (skipped.path("noValidTarget").asInt() > 0) {
                out.printf("No valid ShopSet (placement rules): %d%n", skipped.path("noValidTarget").asInt());
            }
        }
    }

    /** Exactly one of a failure domain or a ShopSet. */
    static final class Target {
        @Option(names = "--failure-domain", required = true, paramLabel = "NAME")
        String domain;

        @Option(names = "--shopset", required = true, paramLabel = "NAME")
        String shopset;

        String query() {
            return domain != null ? "failureDomain=" + AdminClient.q(domain) : "shopset=" + AdminClient.q(shopset);
        }

        String name() {
            return domain != null ? "failure domain " + domain : "ShopSet " + shopset;
        }
    }

    @Command(name = "what-if", mixinStandardHelpOptions = true,
             description = "What losing a failure domain or a ShopSet would do (changes nothing).")
    static final class WhatIf extends AdminCommand.Sub {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
                description = "Shops listed per list (default ${DEFAULT-VALUE}; the counts are exact).")
        int limit;

        @Override
        void run(AdminClient client, PrintWriter out, boolean json) throws AdminClient.Failure {
            final JsonNode r = client.get("/api/v1/what-if?" + target.query() + "&limit=" + limit).json();
            if (json) {
                printJson(out, r);
                return;
            }
            out.printf("If %s failed (%s):%n", target.name(), AdminShopCommands.join(r.path("failed")));
            list(out, "lose every replica", r.path("loseEveryReplica"));
            list(out, "be left on one replica", r.path("leftOnOne"));
            out.println("  load on the ShopSets left (requests/s before -> after, shops served before -> after):");
            for (JsonNode l : r.path("load")) {
                out.printf("    %-16s %-8s %9.1f -> %9.1f   %6d -> %6d%n", l.path("shopset").asText(),
                           l.path("failureDomain").asText(), l.path("requestsPerSecondBefore").asDouble(),
                           l.path("requestsPerSecondAfter").asDouble(), l.path("shopsBefore").asInt(),
                           l.path("shopsAfter").asInt());
            }
        }

        private static void list(PrintWriter out, String what, JsonNode l) {
            final int count = l.path("count").asInt();
            out.printf("  %d shop%s would %s%s%n", count, count == 1 ? "" : "s", what,
                       count == 0 ? "" : ": " + AdminShopCommands.join(l.path("shops"))
                                         + (count > l.path("shops").size() ? ", …" : ""));
        }
    }
}
