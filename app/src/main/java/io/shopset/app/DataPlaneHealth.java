package io.shopset.app;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.Map;

import io.shopset.admin.api.HealthView;
import io.shopset.gateway.Gateway;
import io.shopset.gateway.Ticker;
import io.shopset.gateway.health.EndpointState;
import io.shopset.gateway.metrics.ShopSetRates;
import io.shopset.gateway.health.SustainedFailureDetector;
import io.shopset.gateway.resolve.DataPlaneSnapshot;
import io.shopset.gateway.select.Backend;
import io.shopset.routing.model.Endpoint;

/**
 * The data plane's health as the admin API shows it: an endpoint is healthy when it takes traffic
 * (active checks passing, not ejected); a ShopSet is draining, circuit-open, down (no endpoint
 * takes traffic) or ready; its traffic is the gateway's last per-second sample; ShopSets that failed
 * for good come from the self-healing detector. Reads the gateway's live state; never blocks.
 */
final class DataPlaneHealth implements HealthView {

    private final Gateway gateway;
    private final Ticker ticker;
    private final SustainedFailureDetector failures;

    DataPlaneHealth(Gateway gateway, Ticker ticker, SustainedFailureDetector failures) {
        this.gateway = gateway;
        this.ticker = ticker;
        this.failures = failures;
    }

    @Override
    public Map<String, Duration> failedShopSets() {
        return failures.failed();
    }

    @Override
    public boolean endpointHealthy(String shopSet, Endpoint endpoint) {
        final EndpointState s = gateway.health().find(shopSet, endpoint);
        return s == null || s.available(ticker.nanos());
    }

    @Override
    public String shopSetState(String shopSet) {
        final DataPlaneSnapshot snap = gateway.dataPlane();
        final Backend b = snap == null ? null : snap.backend(shopSet);
        if (b == null) {
            return READY;
        }
        if (b.spec().draining()) {
            return DRAINING;
        }
        if (b.breakerOpen()) {
            return CIRCUIT_OPEN;
        }
        return b.available(ticker.nanos()) ? READY : DOWN;
    }

    @Override
    public @Nullable Traffic traffic(String shopSet) {
        final ShopSetRates.Rate r = gateway.shopSetRates().rate(shopSet);
        return r == null ? null : new Traffic(r.requestsPerSecond(), r.errorRate());
    }
}
