package io.shopset.admin.api;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.Map;

import io.shopset.routing.model.Endpoint;

/**
 * What the data plane knows about health (and recent traffic), as the admin API shows it
 * (ShopSets, explain). The data plane implements it; {@link #ALL_HEALTHY} stands in until it does
 * ("endpoints count as healthy until a check fails"). Implementations read immutable state and
 * never block.
 */
public interface HealthView {

    /**
     * A ShopSet's traffic over the data plane's last sampling interval (about a second).
     *
     * @param requestsPerSecond responses per second
     * @param errorRate         the share of them that were 5xx, from 0 to 1
     */
    record Traffic(double requestsPerSecond, double errorRate) {
    }

    /** Every endpoint healthy, every ShopSet ready. */
    HealthView ALL_HEALTHY = new HealthView() {
        @Override
        public boolean endpointHealthy(String shopSet, Endpoint endpoint) {
            return true;
        }

        @Override
        public String shopSetState(String shopSet) {
            return READY;
        }
    };

    String READY = "ready";
    String DRAINING = "draining";
    String DOWN = "down";
    String CIRCUIT_OPEN = "circuit-open";

    /** Whether {@code endpoint} of ShopSet {@code shopSet} passes its health checks. */
    boolean endpointHealthy(String shopSet, Endpoint endpoint);

    /**
     * The state of ShopSet {@code shopSet} as the data plane sees it: {@link #READY},
     * {@link #DRAINING}, {@link #DOWN} (no healthy endpoint) or {@link #CIRCUIT_OPEN}. A ShopSet the
     * routing state marks draining is shown draining whatever this says.
     */
    String shopSetState(String shopSet);

    /** ShopSet {@code shopSet}'s recent traffic, or {@code null} when not measured (yet). */
    default @Nullable Traffic traffic(String shopSet) {
        return null;
    }

    /**
     * The ShopSets that have failed for good — unhealthy (no endpoint taking traffic, or circuit
     * not closed) for longer than {@code selfHealing.gracePeriod} — with how long. None by default.
     */
    default Map<String, Duration> failedShopSets() {
        return Map.of();
    }
}
