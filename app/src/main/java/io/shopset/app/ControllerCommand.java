package io.shopset.app;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.shopset.controller.ControllerProcess;
import io.shopset.controller.ControllerSettings;
import io.shopset.routing.config.ConfigError;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.config.Durations;
import io.shopset.routing.config.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shopset controller --config FILE}: the Kubernetes controller, its own process, until
 * SIGTERM or SIGINT (then it releases its Lease and exits 0). See docs/kubernetes.md.
 */
@Command(name = "controller", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
         description = "Run the Kubernetes controller: ShopSet, Tier, Configuration and FailureDomain resources " +
                       "into the shared routing store (store: redis://… in FILE).")
final class ControllerCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "The gateways' configuration file (its store: redis://… is written).")
    Path config;

    @Option(names = "--identity", paramLabel = "NAME",
            description = "This replica's name in the Lease (default: $POD_NAME, else the host name).")
    String identity;

    @Option(names = "--lease-namespace", paramLabel = "NS",
            description = "Where the Lease lives (default: $POD_NAMESPACE, else default).")
    String leaseNamespace;

    @Option(names = "--lease-name", paramLabel = "NAME", defaultValue = "shopset-controller",
            description = "The Lease's name (default: ${DEFAULT-VALUE}).")
    String leaseName;

    @Option(names = "--event-namespace", paramLabel = "NS", defaultValue = "default",
            description = "Where Events about the cluster-scoped resources go (default: ${DEFAULT-VALUE}).")
    String eventNamespace;

    @Option(names = "--bake-time", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long a lower tier runs a release Ready before the next tier gets it (default: ${DEFAULT-VALUE}).")
    String bakeTime;

    @Option(names = "--error-gate", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Hold a release while a lower tier's 5xx ratio over its bake time, as the gateways' " +
                          "/metrics count it, is over --max-error-ratio (default: on; --no-error-gate turns it off).")
    boolean errorGate;

    @Option(names = "--max-error-ratio", paramLabel = "RATIO", defaultValue = "0.01",
            description = "The highest 5xx ratio (0 to 1) that lets a release through (default: ${DEFAULT-VALUE}).")
    double maxErrorRatio;

    @Option(names = "--gateway-metrics", paramLabel = "URL", split = ",",
            description = "The gateways' /metrics URLs to scrape (instead of --gateway-service).")
    List<String> gatewayMetrics = new ArrayList<>();

    @Option(names = "--gateway-service", paramLabel = "NS/NAME",
            description = "The gateways' Service: its ready endpoints are scraped on --gateway-admin-port " +
                          "(default: $POD_NAMESPACE/shopset-gateway, else default/shopset-gateway).")
    String gatewayService;

    @Option(names = "--gateway-admin-port", paramLabel = "PORT", defaultValue = "9090",
            description = "The gateways' admin port, where /metrics is (default: ${DEFAULT-VALUE}).")
    int gatewayAdminPort;

    @Option(names = "--scrape-interval", paramLabel = "DURATION", defaultValue = "15s",
            description = "How often the gateways' /metrics are scraped (default: ${DEFAULT-VALUE}).")
    String scrapeInterval;

    @Option(names = "--scrape-timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "How long one scrape may take (default: ${DEFAULT-VALUE}).")
    String scrapeTimeout;

    @Option(names = "--health-listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:8081",
            description = "The /healthz, /readyz and /metrics listener (default: ${DEFAULT-VALUE}).")
    String healthListen;

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
        final Duration bake = Durations.parse(bakeTime);
        final Duration interval = Durations.parse(scrapeInterval);
        final Duration timeout = Durations.parse(scrapeTimeout);
        for (String[] d : new String[][] {{"--bake-time", bakeTime}, {"--scrape-interval", scrapeInterval},
                                          {"--scrape-timeout", scrapeTimeout}}) {
            if (Durations.parse(d[1]) == null) {
                err.printf("error: %s: \"%s\" is not a duration (expected like 10m, 30s)%n", d[0], d[1]);
                err.flush();
                return 2;
            }
        }
        final ControllerSettings settings;
        try {
            final List<URI> urls = new ArrayList<>();
            for (String u : gatewayMetrics) {
                try {
                    urls.add(URI.create(u.strip()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--gateway-metrics: \"" + u + "\" is not a URL: " + e.getMessage(), e);
                }
            }
            final String namespace = env("POD_NAMESPACE", "default");
            settings = ControllerSettings.builder(identity != null ? identity : defaultIdentity())
                                         .leaseNamespace(leaseNamespace != null ? leaseNamespace : namespace)
                                         .leaseName(leaseName).eventNamespace(eventNamespace).bakeTime(bake)
                                         .errorGate(errorGate, maxErrorRatio)
                                         .gatewayMetrics(urls)
                                         .gatewayService(gatewayService != null ? gatewayService
                                                 : namespace + "/shopset-gateway", gatewayAdminPort)
                                         .scrape(interval, timeout)
                                         .build();
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        final CountDownLatch stop = Signals.awaitTermination();
        final ControllerProcess process;
        try {
            process = ControllerProcess.start(config, c, settings, healthListen);
        } catch (Exception e) {
            err.printf("error: cannot start the controller: %s%n", Failures.describe(e));
            err.flush();
            return 1;
        }
        try (process) {
            stop.await();
            return 0;
        }
    }

    private static String defaultIdentity() {
        final String pod = System.getenv("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "shopset-controller";
        }
    }

    private static String env(String name, String fallback) {
        final String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
