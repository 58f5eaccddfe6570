package io.shopset.loadtest.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class LoopbackAddressesTest {

    @Test
    void blockCountsThroughTheLastTwoOctets() {
        final List<String> a = LoopbackAddresses.block(2, 300);
        assertThat(a).hasSize(300).doesNotHaveDuplicates();
        assertThat(a.get(0)).isEqualTo("127.2.0.1");
        assertThat(a.get(253)).isEqualTo("127.2.0.254");
        assertThat(a.get(254)).isEqualTo("127.2.1.1");
        assertThat(new HashSet<>(LoopbackAddresses.block(1, 10))).doesNotContainAnyElementsOf(a);
    }

    @Test
    void rejectsBlocksAndCountsOutOfRange() {
        assertThatThrownBy(() -> LoopbackAddresses.block(0, 1)).hasMessageContaining("block: 0");
        assertThatThrownBy(() -> LoopbackAddresses.block(1, 0)).hasMessageContaining("count: 0");
    }

    @Test
    void aServerSeesTheSourceAddressTheClientBoundTo() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            final InetSocketAddress target = (InetSocketAddress) server.getLocalSocketAddress();
            LoopbackAddresses.requireUsable("127.2.0.7", target);
            try (Socket accepted = server.accept()) {
                assertThat(((InetSocketAddress) accepted.getRemoteSocketAddress()).getAddress().getHostAddress())
                        .isEqualTo("127.2.0.7");
            }
        }
    }
}
