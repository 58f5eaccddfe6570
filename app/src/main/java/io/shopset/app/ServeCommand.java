package io.shopset.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.shopset.admin.auth.Tokens;
import io.shopset.admin.auth.TokensFile;
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

    /** {@code name}, relative to the configuration file's folder unless absolute. */
    static Path resolve(Path configFile, String name) {
        final Path p = Path.of(name);
        final Path dir = configFile.toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p);
    }

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
        final String env = System.getenv(c.admin().tokenEnv());
        final String token = env == null || env.isBlank() ? null : env;
        final Tokens tokens;
        if (c.admin().tokensFile() != null) {
            final Path file = resolve(config, c.admin().tokensFile());
            try {
                tokens = TokensFile.load(file, token);
            } catch (ConfigException e) {
                err.printf("%s (admin.tokensFile) is invalid:%n", file);
                for (ConfigError error : e.errors()) {
                    err.println("  " + error);
                }
                err.flush();
                return 1;
            }
        } else if (token == null) {
            err.printf("error: the environment variable %s (admin.tokenEnv) is not set; " +
                       "the admin API needs a bearer token (or admin.tokensFile)%n", c.admin().tokenEnv());
            err.flush();
            return 1;
        } else {
            tokens = Tokens.single(token);
        }
        final CountDownLatch stop = Signals.awaitTermination();
        final GatewayProcess process;
        try {
            process = new GatewayProcess(config, c, tokens, null, null);
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
