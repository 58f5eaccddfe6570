package io.shopset.loadtest.harness;

import java.time.Duration;

import io.shopset.testkit.ColdCache;
import io.shopset.testkit.Latency;

/**
 * How every stub pod behaves: a log-normal page latency and a per-shop template cache.
 *
 * @param median            median page latency ({@code loadtest.latencyMedian}, default 8ms)
 * @param p99               99th percentile page latency ({@code loadtest.latencyP99}, default 40ms)
 * @param coldPenalty       extra latency of a cold page ({@code loadtest.coldPenalty}, default 0.25)
 * @param warmAfterRequests cold pages per shop per pod ({@code loadtest.warmAfterRequests}, default 5)
 */
public record PodBehaviour(Duration median, Duration p99, double coldPenalty, int warmAfterRequests) {

    public static PodBehaviour fromSettings() {
        return new PodBehaviour(Settings.duration("loadtest.latencyMedian", Duration.ofMillis(8)),
                                Settings.duration("loadtest.latencyP99", Duration.ofMillis(40)),
                                Settings.decimal("loadtest.coldPenalty", ColdCache.DEFAULT_PENALTY),
                                Settings.integer("loadtest.warmAfterRequests", 5));
    }

    Latency latency() {
        return Latency.logNormal(median, p99);
    }

    ColdCache coldCache() {
        return ColdCache.afterRequests(coldPenalty, warmAfterRequests);
    }

    @Override
    public String toString() {
        return "pages log-normal median " + median.toMillis() + " ms, p99 " + p99.toMillis() + " ms; cold pages +"
               + Math.round(coldPenalty * 100) + "% for a shop's first " + warmAfterRequests + " on a pod";
    }
}
