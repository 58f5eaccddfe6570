package io.shopset.app;

import org.jspecify.annotations.Nullable;

import io.shopset.admin.api.HealthView;
import io.shopset.gateway.Gateway;
import io.shopset.gateway.Ticker;
import io.shopset.gateway.health.EndpointState;
import io.shopset.gateway.metrics.ShopSetRates;
import io.shopset.gateway.resolve.DataPlaneSnapshot;
import io.shopset.gateway.select.Backend;
import io.shopset.routing.model.Endpoint;

/**
 * The data plane's health as the admin API shows it: an endpoint is healthy when it takes traffic
 * (active checks passing, not ejected); a ShopSet is draining, circuit-open, down (no endpoint
 * takes traffic) or ready; its traffic is the gateway's last per-second sample. Reads the gateway's
 * live state; never blocks.
 */
final class DataPlaneHealth implements HealthView {

    private final Gateway gateway;
    private final Ticker ticker;

    DataPlaneHealth(Gateway gateway, Ticker ticker) {
        this.gateway = gateway;
        this.ticker = ticker;
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
