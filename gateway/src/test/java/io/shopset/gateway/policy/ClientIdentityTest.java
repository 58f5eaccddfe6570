package io.shopset.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.util.NetUtil;
import io.shopset.gateway.inbound.ClientAddresses.Trust;

class ClientIdentityTest {

    final Trust trust = Trust.of(List.of("10.0.0.0/8"));

    static byte[] ip(String s) {
        return NetUtil.createByteArrayFromIpAddressString(s);
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItSendsInXForwardedFor() {
        final byte[] peer = ip("203.0.113.9");
        assertThat(ClientIdentity.clientAddress(peer, false, "1.2.3.4", trust)).isEqualTo(peer);
    }

    @Test
    void behindTrustedProxiesTheClientIsTheRightMostUntrustedHop() {
        final byte[] proxy = ip("10.1.1.1");
        assertThat(ClientIdentity.clientAddress(proxy, true, "6.6.6.6, 198.51.100.7, 10.2.2.2", trust))
                .isEqualTo(ip("198.51.100.7"));
        assertThat(ClientIdentity.clientAddress(proxy, true, "198.51.100.7:4711", trust)).isEqualTo(ip("198.51.100.7"));
        assertThat(ClientIdentity.clientAddress(proxy, true, "10.2.2.2", trust)).as("all trusted: the peer")
                .isEqualTo(proxy);
        assertThat(ClientIdentity.clientAddress(proxy, true, "garbage, 10.2.2.2", trust)).isEqualTo(proxy);
        assertThat(ClientIdentity.clientAddress(proxy, true, null, trust)).isEqualTo(proxy);
    }

    @Test
    void ipv6ClientsAreKeyedByTheirSlash64AndMappedIpv4AsIpv4() {
        assertThat(ClientIdentity.key(ip("2001:db8:1:2::1"))).isEqualTo(ClientIdentity.key(ip("2001:db8:1:2:ffff::9")));
        assertThat(ClientIdentity.key(ip("2001:db8:1:2::1"))).isNotEqualTo(ClientIdentity.key(ip("2001:db8:1:3::1")));
        assertThat(ClientIdentity.key(ip("::ffff:192.0.2.1"))).isEqualTo(ClientIdentity.key(ip("192.0.2.1")));
        assertThat(ClientIdentity.key(ip("192.0.2.1"))).isNotEqualTo(ClientIdentity.key(ip("192.0.2.2")));
    }
}
