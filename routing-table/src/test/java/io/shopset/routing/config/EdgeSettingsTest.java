package io.shopset.routing.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.shopset.routing.build.SnapshotBuilder;

/** The edge-hardening keys (issue 9): defaults, binding, per-shop body limits and validation. */
class EdgeSettingsTest {

    @Test
    void defaults() throws Exception {
        final GatewayConfig c = ConfigLoader.parse(ConfigLoaderTest.MINIMAL);
        assertThat(c.http().maxHeaders()).isEqualTo(100);
        assertThat(c.http().maxBodySize()).isEqualTo(256L * 1024 * 1024);
        assertThat(c.timeouts().bodyIdle()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.timeouts().write()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.listener()).isEqualTo(new ListenerSettings(false, 10_000));
        assertThat(c.overload()).isEqualTo(new OverloadSettings(20_000, 95.0, 90.0));
        assertThat(c.tls().enabled()).isFalse();
    }

    @Test
    void bindsTheTlsListener() throws Exception {
        final GatewayConfig c = ConfigLoader.parse(ConfigLoaderTest.MINIMAL + """
                tls:
                  listen: 127.0.0.1:8443
                  certificates:
                    - {certFile: certs/shops.pem, keyFile: certs/shops.key}
                    - {certFile: certs/alpha.pem, keyFile: certs/alpha.key}
                """);
        assertThat(c.tls().enabled()).isTrue();
        assertThat(c.tls().certificates()).extracting(TlsSettings.CertificateFiles::certFile)
                                          .containsExactly("certs/shops.pem", "certs/alpha.pem");
        assertThat(c.tls().reloadInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.tls().maxConnections()).isEqualTo(10_000);
        assertThat(c.tls().proxyProtocol()).isFalse();
        assertThat(c.tls().http2()).isEqualTo(new Http2Settings(true, 100, 32768, 65535, 200, Duration.ofSeconds(30)));
    }

    @Test
    void bindsTheHttp2Limits() throws Exception {
        final GatewayConfig c = ConfigLoader.parse(ConfigLoaderTest.MINIMAL + """
                tls:
                  listen: 127.0.0.1:8443
                  certificates: [{certFile: a.pem, keyFile: a.key}]
                  http2: {enabled: false, maxConcurrentStreams: 10, maxHeaderListSize: 8192, initialWindowSize: 1048576,
                          maxResets: 50, resetWindow: 10s}
                """);
        assertThat(c.tls().http2()).isEqualTo(new Http2Settings(false, 10, 8192, 1_048_576, 50, Duration.ofSeconds(10)));
    }

    @Test
    void rejectsBadHttp2LimitsNamingEach() {
        assertThat(ConfigLoaderTest.errorsOf(ConfigLoaderTest.MINIMAL + """
                tls:
                  listen: 127.0.0.1:8443
                  certificates: [{certFile: a.pem, keyFile: a.key}]
                  http2: {maxConcurrentStreams: 0, maxHeaderListSize: 100, initialWindowSize: 10, maxResets: 0,
                          resetWindow: 1500ms}
                """)).contains(
                "tls.http2.maxConcurrentStreams: 0 (expected: >= 1)",
                "tls.http2.maxHeaderListSize: 100 (expected: >= 1024)",
                "tls.http2.initialWindowSize: 10 (expected: >= 65535)",
                "tls.http2.maxResets: 0 (expected: >= 1)",
                "tls.http2.resetWindow: 1500ms (expected: whole seconds, >= 1s)");
        assertThat(ConfigLoaderTest.errorsOf(ConfigLoaderTest.MINIMAL + """
                tls: {listen: 127.0.0.1:8443, certificates: [{certFile: a.pem, keyFile: a.key}], http2: {maxStreams: 5}}
                """)).anyMatch(e -> e.startsWith("tls.http2.maxStreams"));
    }

    @Test
    void rejectsABrokenTlsSection() {
        assertThat(ConfigLoaderTest.errorsOf(ConfigLoaderTest.MINIMAL + """
                tls: {listen: "nowhere", reloadInterval: 0s, maxConnections: 0, proxyProtocol: true}
                """)).contains(
                "tls.certificates: at least one certificate (the first is the default)",
                "tls.reloadInterval: 0s (expected: > 0)",
                "tls.maxConnections: 0 (expected: >= 1)",
                "tls.proxyProtocol: true needs trustedProxies (the load balancers allowed to send it)")
                       .anyMatch(e -> e.startsWith("tls.listen: invalid address"));
        assertThat(ConfigLoaderTest.errorsOf(ConfigLoaderTest.MINIMAL + """
                tls: {certificates: [{certFile: a.pem}]}
                """)).contains("tls.listen: missing (certificates are given)");
    }

    @Test
    void bindsEveryKey() throws Exception {
        final GatewayConfig c = ConfigLoader.parse(ConfigLoaderTest.MINIMAL + """
                trustedProxies: [10.0.0.0/8]
                http: {maxHeaders: 50, maxBodySize: 1048576}
                timeouts: {bodyIdle: 5s, write: 250ms}
                listener: {proxyProtocol: true, maxConnections: 500}
                overload: {maxConnections: 900, heapPercent: 80, directMemoryPercent: 75.5}
                """);
        assertThat(c.http().maxHeaders()).isEqualTo(50);
        assertThat(c.http().maxBodySize()).isEqualTo(1_048_576);
        assertThat(c.timeouts().bodyIdle()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.timeouts().write()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.listener()).isEqualTo(new ListenerSettings(true, 500));
        assertThat(c.overload()).isEqualTo(new OverloadSettings(900, 80.0, 75.5));
    }

    @Test
    void aShopsBodyLimitFallsBackToLimitsShop() throws Exception {
        final GatewayConfig c = ConfigLoader.parse(ConfigLoaderTest.MINIMAL.replace("  - id: alpha\n", """
                  - id: alpha
                    limits: {maxBodySize: 10}
                  - id: beta
                """) + "limits: {shop: {maxBodySize: 20}}\n");
        final var snap = SnapshotBuilder.build(c.routingState(), 1);
        assertThat(snap.shop("alpha").limits().maxBodySize()).isEqualTo(10L);
        assertThat(snap.shop("beta").limits().maxBodySize()).isEqualTo(20L);
    }

    @Test
    void rejectsBadValuesNamingEach() {
        assertThat(ConfigLoaderTest.errorsOf(ConfigLoaderTest.MINIMAL + """
                http: {maxHeaders: 0, maxBodySize: -1}
                timeouts: {bodyIdle: 0s, write: 0ms}
                listener: {proxyProtocol: true, maxConnections: 0}
                overload: {maxConnections: 0, heapPercent: 0, directMemoryPercent: 101}
                limits: {client: {maxBodySize: 5}}
                """)).contains(
                "http.maxHeaders: 0 (expected: >= 1)",
                "http.maxBodySize: -1 (expected: >= 0)",
                "timeouts.bodyIdle: 0s (expected: > 0)",
                "timeouts.write: 0s (expected: > 0)",
                "listener.maxConnections: 0 (expected: >= 1)",
                "listener.proxyProtocol: true needs trustedProxies (the load balancers allowed to send it)",
                "overload.maxConnections: 0 (expected: >= 1)",
                "overload.heapPercent: 0.0 (expected: > 0 and <= 100)",
                "overload.directMemoryPercent: 101.0 (expected: > 0 and <= 100)",
                "limits.client.maxBodySize: applies to shops only");
    }
}
