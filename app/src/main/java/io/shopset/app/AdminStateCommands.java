package io.shopset.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shopset admin export [--file FILE]} and {@code shopset admin import --file FILE}. */
final class AdminStateCommands {

    private AdminStateCommands() {
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
             description = "The whole routing state as YAML in the configuration file's format.")
    static final class Export extends AdminCommand.Sub {
        @Option(names = "--file", paramLabel = "FILE", description = "Write it here (default: standard output).")
        Path file;

        @Override
        void run(AdminClient client, PrintWriter out, boolean json) throws AdminClient.Failure {
            final String yaml = client.get("/api/v1/export").body();
            if (file == null) {
                out.print(yaml);
                return;
            }
            try {
                Files.writeString(file, yaml);
            } catch (IOException e) {
                throw new AdminClient.Failure(0, "cannot write " + file + ": " + e.getMessage(), null);
            }
            out.printf("wrote %s%n", file);
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
             description = "Replace the whole routing state (admin role; validated first, all or nothing).")
    static final class Import extends AdminCommand.Sub {
        @Option(names = "--file", required = true, paramLabel = "FILE",
                description = "The routing state in the configuration file's format (a whole configuration file " +
                              "is accepted; its per-process settings are ignored); - for standard input.")
        String file;

        @Override
        void run(AdminClient client, PrintWriter out, boolean json) throws AdminClient.Failure {
            final String yaml;
            try {
                yaml = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "cannot read " + file + ": " + e);
            }
            final JsonNode r = client.postYaml("/api/v1/import", yaml).json();
            if (json) {
                printJson(out, r);
                return;
            }
            out.printf("%s: v%d, %d shops, %d ShopSets%n", r.path("changed").asBoolean() ? "imported" : "unchanged",
                       r.path("version").asLong(), r.path("shops").asInt(), r.path("shopsets").asInt());
        }
    }
}
