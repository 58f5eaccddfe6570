package io.shopset.controller;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The controller's settings. Immutable; build with {@link #builder(String)}.
 *
 * @param identity       this replica's name in the Lease (the pod name)
 * @param leaseNamespace where the Lease lives (the controller's namespace)
 * @param leaseName      the Lease's name (default {@code shopset-controller})
 * @param leaseDuration  how long a leader's claim lasts without renewal (default 15s)
 * @param renewDeadline  how long a leader keeps trying to renew before it steps down (default 10s)
 * @param retryPeriod    how often candidates try and leaders renew (default 2s)
 * @param resync         a full reconcile at least this often (default 60s)
 * @param minInterval    reconciles start at least this far apart; the first retry delay (default 200ms)
 * @param maxBackoff     the longest retry delay after failures (default 30s)
 * @param bakeTime       how long a lower tier must run a release Ready before the next tier gets it
 *                       (default 10m)
 * @param eventNamespace where Events about the (cluster-scoped) resources go (default {@code default})
 * @param errorGate      whether the 5xx gate holds releases (default on)
 * @param maxErrorRatio  the highest 5xx share (0…1) of a lower tier over its bake time that lets a
 *                       release through (default 0.01)
 * @param gatewayMetrics the gateways' {@code /metrics} URLs; when empty, those of
 *                       {@code gatewayService} (default empty)
 * @param gatewayService the gateways' Service as {@code namespace/name}, whose ready endpoints are
 *                       scraped on {@code gatewayAdminPort} (default {@code null}: none)
 * @param gatewayAdminPort the gateways' admin port, where {@code /metrics} is (default 9090)
 * @param scrapeInterval how often the gateways are scraped (default 15s)
 * @param scrapeTimeout  how long one scrape may take (default 5s)
 * @param clock          the controller's time (bake times, scrapes, condition times)
 */
public record ControllerSettings(String identity, String leaseNamespace, String leaseName, Duration leaseDuration,
                                 Duration renewDeadline, Duration retryPeriod, Duration resync, Duration minInterval,
                                 Duration maxBackoff, Duration bakeTime, String eventNamespace, boolean errorGate,
                                 double maxErrorRatio, List<URI> gatewayMetrics, @Nullable String gatewayService,
                                 int gatewayAdminPort, Duration scrapeInterval, Duration scrapeTimeout, Clock clock) {

    public ControllerSettings {
        requireNonNull(identity, "identity");
        requireNonNull(leaseNamespace, "leaseNamespace");
        requireNonNull(leaseName, "leaseName");
        requireNonNull(eventNamespace, "eventNamespace");
        requireNonNull(clock, "clock");
        gatewayMetrics = List.copyOf(gatewayMetrics);
        positive("scrapeInterval", scrapeInterval);
        positive("scrapeTimeout", scrapeTimeout);
        if (!(maxErrorRatio >= 0 && maxErrorRatio <= 1)) {
            throw new IllegalArgumentException("maxErrorRatio: " + maxErrorRatio + " (expected: 0 to 1, e.g. 0.01 for 1%)");
        }
        if (gatewayService != null && !gatewayService.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new IllegalArgumentException("gatewayService: \"" + gatewayService + "\" (expected: namespace/name)");
        }
        if (gatewayAdminPort < 1 || gatewayAdminPort > 65535) {
            throw new IllegalArgumentException("gatewayAdminPort: " + gatewayAdminPort + " (expected: 1 to 65535)");
        }
        for (URI u : gatewayMetrics) {
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("gatewayMetrics: \"" + u + "\" (expected: http://host:port/metrics)");
            }
        }
        positive("leaseDuration", leaseDuration);
        positive("renewDeadline", renewDeadline);
        positive("retryPeriod", retryPeriod);
        positive("resync", resync);
        positive("minInterval", minInterval);
        positive("maxBackoff", maxBackoff);
        if (bakeTime.isNegative()) {
            throw new IllegalArgumentException("bakeTime: " + bakeTime + " (expected: >= 0)");
        }
        if (renewDeadline.compareTo(leaseDuration) >= 0) {
            throw new IllegalArgumentException("renewDeadline: " + renewDeadline + " (expected: < leaseDuration " +
                                               leaseDuration + ')');
        }
        if (retryPeriod.compareTo(renewDeadline) >= 0) {
            throw new IllegalArgumentException("retryPeriod: " + retryPeriod + " (expected: < renewDeadline " +
                                               renewDeadline + ')');
        }
    }

    public static Builder builder(String identity) {
        return new Builder(identity);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
        }
    }

    /** Defaults as documented on {@link ControllerSettings}. */
    public static final class Builder {
        private final String identity;
        private String leaseNamespace = "default";
        private String leaseName = "shopset-controller";
        private Duration leaseDuration = Duration.ofSeconds(15);
        private Duration renewDeadline = Duration.ofSeconds(10);
        private Duration retryPeriod = Duration.ofSeconds(2);
        private Duration resync = Duration.ofSeconds(60);
        private Duration minInterval = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration bakeTime = Duration.ofMinutes(10);
        private String eventNamespace = "default";
        private boolean errorGate = true;
        private double maxErrorRatio = 0.01;
        private List<URI> gatewayMetrics = List.of();
        private @Nullable String gatewayService;
        private int gatewayAdminPort = 9090;
        private Duration scrapeInterval = Duration.ofSeconds(15);
        private Duration scrapeTimeout = Duration.ofSeconds(5);
        private Clock clock = Clock.systemUTC();

        private Builder(String identity) {
            this.identity = identity;
        }

        public Builder leaseNamespace(String v) {
            leaseNamespace = v;
            return this;
        }

        public Builder leaseName(String v) {
            leaseName = v;
            return this;
        }

        public Builder election(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
            this.leaseDuration = leaseDuration;
            this.renewDeadline = renewDeadline;
            this.retryPeriod = retryPeriod;
            return this;
        }

        public Builder resync(Duration v) {
            resync = v;
            return this;
        }

        public Builder minInterval(Duration v) {
            minInterval = v;
            return this;
        }

        public Builder maxBackoff(Duration v) {
            maxBackoff = v;
            return this;
        }

        public Builder bakeTime(Duration v) {
            bakeTime = v;
            return this;
        }

        public Builder eventNamespace(String v) {
            eventNamespace = v;
            return this;
        }

        /** The 5xx gate: on or off, and the highest 5xx share (0…1) that lets a release through. */
        public Builder errorGate(boolean enabled, double maxRatio) {
            errorGate = enabled;
            maxErrorRatio = maxRatio;
            return this;
        }

        /** Scrape these URLs (instead of the gateways' Service). */
        public Builder gatewayMetrics(List<URI> v) {
            gatewayMetrics = v;
            return this;
        }

        /** Scrape the ready endpoints of Service {@code namespaceAndName} on {@code adminPort}. */
        public Builder gatewayService(@Nullable String namespaceAndName, int adminPort) {
            gatewayService = namespaceAndName;
            gatewayAdminPort = adminPort;
            return this;
        }

        public Builder scrape(Duration interval, Duration timeout) {
            scrapeInterval = interval;
            scrapeTimeout = timeout;
            return this;
        }

        public Builder clock(Clock v) {
            clock = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the first bad value */
        public ControllerSettings build() {
            return new ControllerSettings(identity, leaseNamespace, leaseName, leaseDuration, renewDeadline, retryPeriod,
                                          resync, minInterval, maxBackoff, bakeTime, eventNamespace, errorGate,
                                          maxErrorRatio, gatewayMetrics, gatewayService, gatewayAdminPort,
                                          scrapeInterval, scrapeTimeout, clock);
        }
    }
}
