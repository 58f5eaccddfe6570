package io.shopset.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.shopset.routing.config.ConfigError;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.config.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shopset serve --config FILE}: one gateway process until SIGTERM or SIGINT, then a graceful
 * stop and exit 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
         description = "Run one gateway: the proxy and, on its admin listener, the admin API.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The configuration file.")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final PrintWriter err = spec.commandLine().getErr();
        final GatewayConfig c;
        try {
            c = ConfigLoader.load(config);
        } catch (ConfigException e) {
            err.printf("%s is invalid:%n", config);
            for (ConfigError error : e.errors()) {
                err.println("  " + error);
            }
            err.flush();
            return 1;
        }
        final String token = System.getenv(c.admin().tokenEnv());
        if (token == null || token.isBlank()) {
            err.printf("error: the environment variable %s (admin.tokenEnv) is not set; " +
                       "the admin API needs a bearer token%n", c.admin().tokenEnv());
            err.flush();
            return 1;
        }
        if (!c.store().equals("file")) {
            err.printf("error: store %s: only the file store is available in this build%n", c.store());
            err.flush();
            return 1;
        }
        final CountDownLatch stop = Signals.awaitTermination();
        final GatewayProcess process;
        try {
            process = new GatewayProcess(config, c, token, null, null);
        } catch (Exception e) {
            err.printf("error: cannot start: %s%n", Failures.describe(e));
            err.flush();
            return 1;
        }
        try (process) {
            stop.await();
            process.stop();
            return 0;
        }
    }
}
