package io.shopset.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringServerSocketChannel;

/**
 * The admin listener runs on io_uring when the kernel offers it (unless shopset.transport forces
 * another), and stopping it with keep-alive connections open leaks nothing (LeakGuard checks the
 * class; this is how the admin API's tests once caught a read buffer left behind at shutdown).
 */
class AdminListenerTransportTest {

    @TempDir
    Path dir;

    @Test
    void theListenerUsesTheDefaultTransport_andStopsCleanlyWithKeepAliveConnectionsOpen() throws Exception {
        for (int round = 0; round < 20; round++) {
            final Path d = java.nio.file.Files.createDirectories(dir.resolve("r" + round));
            try (AdminHarness h = new AdminHarness(d)) {
                assertThat(h.server.listenerChannelType()).isEqualTo(expectedServerChannel());
                assertThat(h.get("/api/v1/shops", AdminHarness.VIEWER).status()).isEqualTo(200);
                assertThat(h.put("/api/v1/shops/gamma", AdminHarness.ADMIN, "{not json").status()).isEqualTo(400);
            }
        }
    }

    private static Class<?> expectedServerChannel() {
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
