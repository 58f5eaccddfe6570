package io.shopset.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code shopset}: the gateway's command line. Exit codes: 0 success, 1 failure, 2 usage error.
 */
@Command(name = "shopset", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
         description = "ShopSet Gateway: the edge routing gateway for multi-tenant shop platforms.",
         subcommands = {ServeCommand.class, DemoCommand.class, ValidateCommand.class, AdminCommand.class, ControllerCommand.class,
                        CommandLine.HelpCommand.class})
public final class ShopSetCommand implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    static int run(String... args) {
        return new CommandLine(new ShopSetCommand()).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a subcommand is required");
    }
}
