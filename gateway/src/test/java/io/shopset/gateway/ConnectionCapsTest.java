package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Issue 9, connection caps: over {@code listener.maxConnections} or {@code overload.maxConnections}
 * a connection is accepted and closed at once, without a byte; a slot frees when a connection closes.
 */
class ConnectionCapsTest {

    @Test
    void aConnectionOverTheListenersCapIsClosedAtAccept() throws Exception {
        try (GatewayHarness h = new GatewayHarness("listener: {maxConnections: 3}\n")) {
            assertCap(h, 3);
        }
    }

    @Test
    void aConnectionOverTheGlobalCapIsClosedAtAccept() throws Exception {
        try (GatewayHarness h = new GatewayHarness("listener: {maxConnections: 100}\noverload: {maxConnections: 2}\n")) {
            assertCap(h, 2);
        }
    }

    private static void assertCap(GatewayHarness h, int cap) throws Exception {
        final List<RawHttp> open = new ArrayList<>();
        try {
            for (int i = 0; i < cap; i++) {
                final RawHttp c = h.connect();
                open.add(c);
                assertThat(c.send(RawHttp.get("alpha.shops.test", "/" + i)).read().status()).isEqualTo(200);
            }
            try (RawHttp over = h.connect()) {
                assertThat(over.closedByPeer()).as("connection %d", cap + 1).isTrue();
            }
            open.remove(0).close();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                try (RawHttp again = h.connect()) {
                    assertThat(again.send(RawHttp.get("alpha.shops.test", "/again")).read().status()).isEqualTo(200);
                }
            });
        } finally {
            for (RawHttp c : open) {
                c.close();
            }
        }
    }
}
