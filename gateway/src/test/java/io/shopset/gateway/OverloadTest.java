package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.SocketTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;

/**
 * Issue 9, overload shedding: while Netty's direct memory is over {@code overload.directMemoryPercent}
 * (set here just above what is in use), a new request on an open connection gets 503 with
 * {@code Retry-After} and a close, and the listener stops accepting; once memory is back under the
 * threshold, the connection that waited in the backlog is served and all is normal again.
 */
class OverloadTest {

    static final long HEADROOM = 96L * 1024 * 1024;

    @Test
    void shedsWhileDirectMemoryIsOverTheThresholdAndRecoversAfter() throws Exception {
        final double percent = (PlatformDependent.usedDirectMemory() + HEADROOM) * 100.0 / PlatformDependent.maxDirectMemory();
        try (GatewayHarness h = new GatewayHarness("overload: {directMemoryPercent: " + percent + "}\n");
             RawHttp before = h.connect()) {
            assertThat(before.send(RawHttp.get("alpha.shops.test", "/before")).read().status()).isEqualTo(200);

            // Unpooled: counted in Netty's direct memory, not in the pooled allocator other tests watch.
            ByteBuf ballast = UnpooledByteBufAllocator.DEFAULT.directBuffer((int) (2 * HEADROOM));
            try {
                // Within a sampling interval the listener stops accepting: a new connection gets no answer.
                await().atMost(Duration.ofSeconds(5)).until(() -> !answersWithin(h, 200));
                final RawHttp.Response shed = before.send(RawHttp.get("alpha.shops.test", "/during")).read();
                assertThat(shed.status()).isEqualTo(503);
                assertThat(shed.header("Retry-After")).isEqualTo("1");
                assertThat(shed.header("Connection")).isEqualToIgnoringCase("close");
                assertThat(shed.bodyText()).contains("overloaded");

                try (RawHttp waiting = h.connect()) {
                    // Accepted by the kernel, not by the gateway: no answer while overloaded.
                    waiting.send(RawHttp.get("alpha.shops.test", "/waiting")).timeout(300);
                    assertThat(readStatus(waiting)).isEqualTo(-1);
                    ballast.release();
                    ballast = null;
                    waiting.timeout(10_000);
                    assertThat(waiting.read().status()).isEqualTo(200);
                }
            } finally {
                if (ballast != null) {
                    ballast.release();
                }
            }
            assertThat(h.get("alpha.shops.test", "/after").status()).isEqualTo(200);
        }
    }

    /** Whether a request on a new connection is answered within {@code millis}. */
    private static boolean answersWithin(GatewayHarness h, int millis) throws Exception {
        try (RawHttp c = h.connect()) {
            c.send(RawHttp.get("alpha.shops.test", "/probe")).timeout(millis);
            return readStatus(c) != -1;
        }
    }

    /** The status of the next response, or -1 when none comes within the socket timeout. */
    private static int readStatus(RawHttp c) throws Exception {
        try {
            return c.read().status();
        } catch (SocketTimeoutException e) {
            return -1;
        }
    }
}
