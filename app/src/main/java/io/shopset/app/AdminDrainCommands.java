package io.shopset.app;

import java.io.PrintWriter;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shopset admin drain (--shopset NAME | --failure-domain NAME) [--dry-run]} and
 * {@code undrain}.
 */
final class AdminDrainCommands {

    private AdminDrainCommands() {
    }

    /** Exactly one target. */
    static final class Target {
        @Option(names = "--shopset", required = true, paramLabel = "NAME")
        String shopset;

        @Option(names = "--failure-domain", required = true, paramLabel = "NAME")
        String domain;

        String path(String action) {
            return shopset != null ? "/api/v1/shopsets/" + AdminClient.q(shopset) + '/' + action
                    : "/api/v1/failure-domains/" + AdminClient.q(domain) + '/' + action;
        }

        String name() {
            return shopset != null ? "ShopSet " + shopset : "failure domain " + domain;
        }
    }

    @Command(name = "drain", mixinStandardHelpOptions = true,
             description = "Move every shop off a ShopSet or a failure domain; --dry-run shows the plan only.")
    static final class Drain extends AdminCommand.Sub {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Option(names = "--dry-run", description = "Show the plan; change nothing.")
        boolean dryRun;

        @Override
        void run(AdminClient client, PrintWriter out, boolean json) throws AdminClient.Failure {
            final JsonNode plan = client.post(target.path("drain"), "{\"dryRun\":" + dryRun + '}').json();
            if (json) {
                printJson(out, plan);
                return;
            }
            out.printf("%s %s: %d move%s%n", dryRun ? "Plan to drain" : "Drained", target.name(),
                       plan.path("moves").size(), plan.path("moves").size() == 1 ? "" : "s");
            for (JsonNode m : plan.path("moves")) {
                out.printf("  %s: %s -> %s%n", m.path("shop").asText(), m.path("from").asText(), m.path("to").asText());
            }
            if (plan.path("underReplicated").size() > 0) {
                out.printf("Under-replicated (no valid ShopSet; kept their other replicas): %s%n",
                           AdminShopCommands.join(plan.path("underReplicated")));
            }
        }
    }

    @Command(name = "undrain", mixinStandardHelpOptions = true,
             description = "Make a ShopSet or failure domain eligible again (moves no shop back).")
    static final class Undrain extends AdminCommand.Sub {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Override
        void run(AdminClient client, PrintWriter out, boolean json) throws AdminClient.Failure {
            final JsonNode r = client.post(target.path("undrain"), null).json();
            if (json) {
                printJson(out, r);
            } else {
                out.printf("Undrained %s%n", target.name());
            }
        }
    }
}
