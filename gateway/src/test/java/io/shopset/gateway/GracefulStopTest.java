package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** On stop, in-flight requests finish (with Connection: close) and new connections are refused. */
class GracefulStopTest {

    @Test
    void finishesInFlightRequestsThenRefusesNewConnections() throws Exception {
        try (GatewayHarness h = new GatewayHarness()) {
            try (RawHttp busy = h.connect(); RawHttp idle = h.connect()) {
                assertThat(idle.send(RawHttp.get("alpha.shops.test", "/")).read().status()).isEqualTo(200);
                busy.send(RawHttp.get("alpha.shops.test", "/delay/700"));
                await().until(() -> h.gateway.activeRequests() == 1);
                final CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(
                        () -> h.gateway.stop(Duration.ofSeconds(10)));
                final RawHttp.Response r = busy.read();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
                assertThat(busy.closedByPeer()).isTrue();
                assertThat(idle.closedByPeer()).isTrue();
                assertThat(stopped.get()).isTrue();
            }
            assertThatThrownBy(h::connect).isInstanceOf(IOException.class);
        }
    }

    @Test
    void theDeadlineCutsOffRequestsThatTakeTooLong() throws Exception {
        try (GatewayHarness h = new GatewayHarness()) {
            try (RawHttp slow = h.connect()) {
                slow.send(RawHttp.get("alpha.shops.test", "/delay/5000"));
                await().until(() -> h.gateway.activeRequests() == 1);
                assertThat(h.gateway.stop(Duration.ofMillis(200))).isFalse();
                assertThat(slow.closedByPeer()).isTrue();
            }
        }
    }
}
