package io.shopset.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.shopset.gateway.FakeTicker;
import io.shopset.routing.config.OutlierDetection;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.ShopSet;

class OutlierDetectorTest {

    final FakeTicker ticker = new FakeTicker();
    final HealthRegistry registry = new HealthRegistry(ticker);
    final List<EndpointState> ejected = new ArrayList<>();
    final OutlierDetector detector = new OutlierDetector(
            new OutlierDetection(3, Duration.ofSeconds(10), Duration.ofSeconds(35), 50), ticker, ejected::add);

    EndpointState[] states(int n) {
        final List<Endpoint> eps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            eps.add(new Endpoint("10.0.0." + (i + 1), 80));
        }
        final ShopSet s = new ShopSet("s", "prod", "production", "dc-a", false, eps, null, 1.0, false);
        final EndpointState[] out = new EndpointState[n];
        for (int i = 0; i < n; i++) {
            out[i] = registry.state(s, eps.get(i));
        }
        return out;
    }

    @Test
    void consecutiveFailuresEjectForABackoffThatDoublesUpToTheCap() {
        final EndpointState[] s = states(4);
        detector.failure(s[0], s);
        detector.failure(s[0], s);
        assertThat(s[0].available(ticker.nanos())).isTrue();
        detector.failure(s[0], s);
        assertThat(s[0].available(ticker.nanos())).isFalse();
        assertThat(ejected).containsExactly(s[0]);

        ticker.advance(Duration.ofSeconds(9));
        assertThat(s[0].available(ticker.nanos())).isFalse();
        ticker.advance(Duration.ofSeconds(1));
        assertThat(s[0].available(ticker.nanos())).as("back after 10 s").isTrue();

        for (int i = 0; i < 3; i++) {
            detector.failure(s[0], s);
        }
        ticker.advance(Duration.ofSeconds(19));
        assertThat(s[0].available(ticker.nanos())).as("second ejection lasts 20 s").isFalse();
        ticker.advance(Duration.ofSeconds(1));
        assertThat(s[0].available(ticker.nanos())).isTrue();

        for (int i = 0; i < 3; i++) {
            detector.failure(s[0], s);
        }
        ticker.advance(Duration.ofSeconds(34));
        assertThat(s[0].available(ticker.nanos())).as("third capped at 35 s, not 40").isFalse();
        ticker.advance(Duration.ofSeconds(1));
        assertThat(s[0].available(ticker.nanos())).isTrue();
    }

    @Test
    void aSuccessResetsTheConsecutiveCount() {
        final EndpointState[] s = states(2);
        detector.failure(s[0], s);
        detector.failure(s[0], s);
        detector.success(s[0]);
        detector.failure(s[0], s);
        detector.failure(s[0], s);
        assertThat(s[0].available(ticker.nanos())).isTrue();
    }

    @Test
    void neverEjectsMoreThanTheMaximumShareOfAShopSet() {
        final EndpointState[] s = states(4);
        for (EndpointState st : s) {
            for (int i = 0; i < 3; i++) {
                detector.failure(st, s);
            }
        }
        assertThat(ejected).hasSize(2);
        int available = 0;
        for (EndpointState st : s) {
            if (st.available(ticker.nanos())) {
                available++;
            }
        }
        assertThat(available).isEqualTo(2);
    }

    @Test
    void anEndpointThatServedWellLongEnoughStartsAgainFromTheBaseEjection() {
        final EndpointState[] s = states(2);
        for (int i = 0; i < 3; i++) {
            detector.failure(s[0], s);
        }
        ticker.advance(Duration.ofSeconds(10 + 36));
        detector.success(s[0]);
        for (int i = 0; i < 3; i++) {
            detector.failure(s[0], s);
        }
        ticker.advance(Duration.ofSeconds(10));
        assertThat(s[0].available(ticker.nanos())).as("forgiven: 10 s again, not 20").isTrue();
    }

    @Test
    void activeProbesNeedTheirThresholdsAndARecoveryRestartsWarmUp() {
        final EndpointState st = states(1)[0];
        assertThat(st.probe(false, 2, 2, ticker.nanos())).isFalse();
        assertThat(st.probe(false, 2, 2, ticker.nanos())).isTrue();
        assertThat(st.available(ticker.nanos())).isFalse();
        assertThat(st.probe(true, 2, 2, ticker.nanos())).isFalse();
        ticker.advance(Duration.ofSeconds(1));
        assertThat(st.probe(true, 2, 2, ticker.nanos())).isTrue();
        assertThat(st.available(ticker.nanos())).isTrue();
        assertThat(st.warmSinceNanos()).isEqualTo(ticker.nanos());
    }
}
