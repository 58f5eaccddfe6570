package io.shopset.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.shopset.routing.config.ConfigError;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.config.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shopset validate --config FILE}: exit 0 when valid; otherwise every error as
 * {@code path: message}, one a line, and exit 1.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
         description = "Check a configuration file; print every error as path: message.")
final class ValidateCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The configuration file.")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        try {
            final GatewayConfig c = ConfigLoader.load(config);
            out.printf("%s: valid (%d shops, %d ShopSets, %d failure domains)%n", config, c.shops().size(),
                       c.shopsets().size(), c.failureDomains().size());
            out.flush();
            return 0;
        } catch (ConfigException e) {
            for (ConfigError err : e.errors()) {
                out.println(err);
            }
            out.flush();
            final PrintWriter err = spec.commandLine().getErr();
            err.printf("%s: %d error%s%n", config, e.errors().size(), e.errors().size() == 1 ? "" : "s");
            err.flush();
            return 1;
        }
    }
}
