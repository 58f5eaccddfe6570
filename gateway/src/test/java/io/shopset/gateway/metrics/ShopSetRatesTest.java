package io.shopset.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopset.gateway.Ticker;
import io.shopset.gateway.health.HealthRegistry;
import io.shopset.gateway.select.Backend;
import io.shopset.gateway.select.BackendFactory;
import io.shopset.gateway.select.ShopSetBreakers;
import io.shopset.routing.config.CircuitBreakerSettings;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.LoadBalancing;
import io.shopset.routing.model.ShopSet;

/** Per-ShopSet rates from the request counters, on a hand-moved clock. */
class ShopSetRatesTest {

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final Ticker ticker = nanos::get;
    final GatewayMetrics metrics = new GatewayMetrics(new SimpleMeterRegistry());
    final BackendFactory factory = new BackendFactory(new HealthRegistry(ticker),
                                                      new ShopSetBreakers(CircuitBreakerSettings.DEFAULT, ticker),
                                                      metrics::shopSet);
    final Backend a = factory.create(spec("prod-a", "prod"));
    final Backend b = factory.create(spec("prod-b", "prod"));
    final ShopSetRates rates = new ShopSetRates(ticker);

    static ShopSet spec(String name, String tier) {
        return new ShopSet(name, tier, "production", "dc-a", false, List.of(new Endpoint("127.0.0.1", 9001)), null,
                           1.0, false, LoadBalancing.SHOP_HASH, Duration.ZERO);
    }

    void respond(Backend backend, int status, int times) {
        for (int i = 0; i < times; i++) {
            backend.meters().response(status);
        }
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void ratesAreTheCountersDifferenceOverTheElapsedTime() {
        respond(a, 200, 50);
        rates.sample(List.of(a, b));
        assertThat(rates.rate("prod-a")).as("one sample has no interval yet").isNull();

        respond(a, 200, 30);
        respond(a, 503, 10);
        respond(a, 404, 10);
        advance(Duration.ofSeconds(2));
        rates.sample(List.of(a, b));

        assertThat(rates.rate("prod-a").requestsPerSecond()).isCloseTo(25.0, within(1e-9));
        assertThat(rates.rate("prod-a").errorRate()).isCloseTo(0.2, within(1e-9));
        assertThat(rates.rate("prod-b")).isEqualTo(new ShopSetRates.Rate(0, 0));

        advance(Duration.ofMillis(500));
        respond(b, 502, 4);
        rates.sample(List.of(a, b));
        assertThat(rates.rate("prod-a")).isEqualTo(new ShopSetRates.Rate(0, 0));
        assertThat(rates.rate("prod-b")).isEqualTo(new ShopSetRates.Rate(8, 1));
    }

    @Test
    void aShopSetThatLeftTheSnapshotHasNoRateAndANewOneStartsAfterTwoSamples() {
        rates.sample(List.of(a));
        advance(Duration.ofSeconds(1));
        rates.sample(List.of(a));
        assertThat(rates.rate("prod-a")).isNotNull();
        advance(Duration.ofSeconds(1));
        rates.sample(List.of(b));
        assertThat(rates.rate("prod-a")).isNull();
        assertThat(rates.rate("prod-b")).isNull();
    }

    @Test
    void countersThatStartOverGiveNoNegativeRate() {
        respond(a, 200, 100);
        rates.sample(List.of(a));
        // The ShopSet moves to another tier: new labels, so new counters starting from 0.
        final Backend moved = factory.create(spec("prod-a", "beta"));
        respond(moved, 200, 3);
        advance(Duration.ofSeconds(1));
        rates.sample(List.of(moved));
        assertThat(rates.rate("prod-a")).isEqualTo(new ShopSetRates.Rate(0, 0));
    }
}
