package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringServerSocketChannel;

/** The gateway's listener runs on io_uring when the kernel offers it (unless shopset.transport forces another). */
class ListenerTransportTest {

    @Test
    void theListenerUsesTheDefaultTransportAndServes() throws Exception {
        try (GatewayHarness h = new GatewayHarness()) {
            assertThat(h.gateway.listenerChannelType()).isEqualTo(expectedServerChannel());
            try (RawHttp c = h.connect()) {
                for (int i = 0; i < 20; i++) {
                    assertThat(c.send(RawHttp.get("alpha.shops.test", "/n" + i)).read().status()).isEqualTo(200);
                }
            }
        }
    }

    static Class<?> expectedServerChannel() {
        final String wanted = System.getProperty("shopset.transport", "");
        if (wanted.equals("nio")) {
            return NioServerSocketChannel.class;
        }
        if (!wanted.equals("epoll") && IoUring.isAvailable()) {
            return IoUringServerSocketChannel.class;
        }
        return Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
