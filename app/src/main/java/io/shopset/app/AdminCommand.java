package io.shopset.app;

import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.shopset.routing.config.Mappers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code shopset admin [--url URL] [-o json] COMMAND}: a client of the admin API for people. The
 * token comes from {@code SHOPSET_ADMIN_TOKEN}. Human output by default, {@code -o json} prints the
 * API's JSON. Exit 0 on success, 1 when the API refuses or cannot be reached, 2 on a usage error.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
         description = "Talk to a gateway's admin API (token from $SHOPSET_ADMIN_TOKEN).",
         subcommands = {AdminShopCommands.Isolate.class, AdminShopCommands.Restore.class,
                        AdminDrainCommands.Drain.class, AdminDrainCommands.Undrain.class,
                        AdminReadCommands.Explain.class, AdminReadCommands.Status.class,
                        AdminStateCommands.Export.class, AdminStateCommands.Import.class,
                        AdminHealCommands.Rebalance.class, AdminHealCommands.WhatIf.class})
final class AdminCommand implements Runnable {

    static final String TOKEN_ENV = "SHOPSET_ADMIN_TOKEN";

    /** Where the token is read from; tests replace it. */
    static Function<String, String> environment = System::getenv;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:9090", scope = ScopeType.INHERIT,
            description = "The admin listener. Default: ${DEFAULT-VALUE}.")
    URI url;

    @Option(names = {"-o", "--output"}, defaultValue = "human", scope = ScopeType.INHERIT,
            description = "human (default) or json.")
    String output;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "an admin command is required");
    }

    /** The shared part of every admin subcommand: client, output, exit codes. */
    abstract static class Sub implements Callable<Integer> {

        @CommandLine.ParentCommand
        AdminCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public final Integer call() {
            final PrintWriter out = spec.commandLine().getOut();
            final PrintWriter err = spec.commandLine().getErr();
            if (!parent.output.equals("human") && !parent.output.equals("json")) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                                                         "-o: expected human or json, not " + parent.output);
            }
            final String token = environment.apply(TOKEN_ENV);
            if (token == null || token.isBlank()) {
                err.printf("error: set %s to an admin API token%n", TOKEN_ENV);
                err.flush();
                return 2;
            }
            try {
                run(new AdminClient(parent.url, token), out, parent.output.equals("json"));
                out.flush();
                return 0;
            } catch (AdminClient.Failure f) {
                if (parent.output.equals("json")) {
                    final var j = Mappers.json().createObjectNode();
                    j.put("status", f.status);
                    j.put("error", f.getMessage());
                    j.put("field", f.field);
                    err.println(j);
                } else {
                    err.printf("error: %s%s%s%n", f.status > 0 ? f.status + " " : "", f.getMessage(),
                               f.field == null ? "" : " (field: " + f.field + ')');
                }
                err.flush();
                return 1;
            }
        }

        abstract void run(AdminClient client, PrintWriter out, boolean json) throws AdminClient.Failure;

        static void printJson(PrintWriter out, JsonNode j) {
            try {
                out.println(Mappers.json().writerWithDefaultPrettyPrinter().writeValueAsString(j));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                out.println(j);
            }
        }
    }
}
