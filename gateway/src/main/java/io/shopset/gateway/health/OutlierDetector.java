package io.shopset.gateway.health;

import java.util.function.Consumer;

import io.shopset.gateway.Ticker;
import io.shopset.routing.config.OutlierDetection;

/**
 * Passive outlier detection: {@code consecutiveFailures} connect failures or 5xx in a row eject an
 * endpoint for {@code baseEjectionTime × 2^(n-1)} (n = its ejections so far), capped at
 * {@code maxEjectionTime}; never more than {@code maxEjectionPercent} of a ShopSet's endpoints are
 * ejected at once (so a ShopSet-wide problem leaves the breaker and failover to act, rather than
 * ejecting everything). An endpoint that has served well for {@code maxEjectionTime} after its last
 * ejection starts again from the base time.
 *
 * <p>Called on event loops: only atomics, no locks.
 */
public final class OutlierDetector {

    private final OutlierDetection settings;
    private final Ticker ticker;
    private final Consumer<EndpointState> onEjection;

    public OutlierDetector(OutlierDetection settings, Ticker ticker, Consumer<EndpointState> onEjection) {
        this.settings = settings;
        this.ticker = ticker;
        this.onEjection = onEjection;
    }

    /** A request to {@code state} succeeded (a response below 500). */
    public void success(EndpointState state) {
        state.success();
        if (state.ejections() > 0 && !state.ejected(ticker.nanos())
            && ticker.nanos() - state.ejectedUntilNanos() > settings.maxEjectionTime().toNanos()) {
            state.forgiveEjections();
        }
    }

    /**
     * A request to {@code state} failed (connect failure, reset, timeout or 5xx).
     *
     * @param siblings every endpoint state of its ShopSet (for the ejection cap)
     */
    public void failure(EndpointState state, EndpointState[] siblings) {
        if (state.failure() < settings.consecutiveFailures()) {
            return;
        }
        final long now = ticker.nanos();
        int ejected = 0;
        for (EndpointState s : siblings) {
            if (s.ejected(now)) {
                ejected++;
            }
        }
        if ((ejected + 1) * 100 > settings.maxEjectionPercent() * siblings.length) {
            return;
        }
        final int n = Math.min(state.ejections() + 1, 30);
        final long base = settings.baseEjectionTime().toNanos();
        final long length = Math.min(settings.maxEjectionTime().toNanos(), base << Math.min(n - 1, 20));
        if (state.eject(now, now + length)) {
            state.nextEjection();
            onEjection.accept(state);
        }
    }
}
