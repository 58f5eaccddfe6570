package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.shopset.gateway.tls.CertificateStore;
import io.shopset.routing.config.TlsSettings;
import io.shopset.testkit.StubShopSet;

/**
 * Issue 9, the TLS listener: the certificate is chosen by SNI (a shop's custom domain, the platform
 * wildcard), an unknown or missing name gets the default (the first) and then 404 by Host, only
 * TLS 1.2 and 1.3 are spoken, and certificates are reloaded from disk without a restart. Test
 * certificates are made at test time.
 */
class TlsTest {

    static Path dir;
    static GatewayHarness h;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("shopset-tls");
        TestCertificates.write(dir.resolve("platform.pem"), dir.resolve("platform.key"), 1, "*.shops.test", "shops.test");
        TestCertificates.write(dir.resolve("alpha.pem"), dir.resolve("alpha.key"), 2, "www.alpha.example");
        h = new GatewayHarness("tls: {listen: \"127.0.0.1:0\", reloadInterval: 100ms, certificates: [" +
                               pair("platform") + ", " + pair("alpha") + "]}\n");
    }

    static String pair(String name) {
        return "{certFile: \"" + dir.resolve(name + ".pem") + "\", keyFile: \"" + dir.resolve(name + ".key") + "\"}";
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @BeforeEach
    void clear() {
        h.stubs().forEach(StubShopSet::clearRecorded);
    }

    @Test
    void aShopsCustomDomainGetsItsOwnCertificate() throws Exception {
        try (SSLSocket s = connect("www.alpha.example", null)) {
            assertThat(serial(s)).isEqualTo(2);
            final RawHttp c = new RawHttp(s);
            assertThat(c.send(RawHttp.get("www.alpha.example", "/tls")).read().status()).isEqualTo(200);
        }
        assertThat(h.a1.requests().size() + h.a2.requests().size()).isEqualTo(1);
        final var seen = h.a1.requests().isEmpty() ? h.a2.requests().get(0) : h.a1.requests().get(0);
        assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("https");
    }

    @Test
    void platformSubdomainsGetTheWildcardCertificate() throws Exception {
        try (SSLSocket s = connect("beta.shops.test", null)) {
            assertThat(serial(s)).isEqualTo(1);
            assertThat(new RawHttp(s).send(RawHttp.get("beta.shops.test", "/tls")).read().status()).isEqualTo(200);
        }
    }

    @Test
    void anUnknownNameGetsTheDefaultCertificateThen404() throws Exception {
        try (SSLSocket s = connect("unknown.example", null)) {
            assertThat(serial(s)).isEqualTo(1);
            assertThat(new RawHttp(s).send(RawHttp.get("unknown.example", "/")).read().status()).isEqualTo(404);
        }
        try (SSLSocket s = connect(null, null)) {
            assertThat(serial(s)).as("no SNI").isEqualTo(1);
        }
    }

    @Test
    void speaksTls12AndTls13Only() throws Exception {
        try (SSLSocket s = connect("beta.shops.test", "TLSv1.2")) {
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
        try (SSLSocket s = connect("beta.shops.test", "TLSv1.3")) {
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        try (CertificateStore store = CertificateStore.open(new TlsSettings("127.0.0.1:0",
                List.of(new TlsSettings.CertificateFiles(dir.resolve("platform.pem").toString(),
                                                         dir.resolve("platform.key").toString())),
                null, null, null, null))) {
            final SslContext ctx = store.map("beta.shops.test");
            final var engine = ctx.newEngine(ByteBufAllocator.DEFAULT);
            assertThat(engine.getEnabledProtocols()).containsOnly("TLSv1.2", "TLSv1.3");
            io.netty.util.ReferenceCountUtil.release(engine);
        }
    }

    @Test
    void reloadsACertificateFromDiskWithoutARestart_andKeepsTheOldOneWhenTheNewIsBroken() throws Exception {
        TestCertificates.write(dir.resolve("alpha.pem"), dir.resolve("alpha.key"), 20, "www.alpha.example");
        await().atMost(Duration.ofSeconds(5)).until(() -> serialFor("www.alpha.example") == 20);

        // A certificate whose key is not there yet (half rewritten): the previous pair stays.
        final Path pem = dir.resolve("alpha.pem");
        final String good = Files.readString(pem);
        TestCertificates.write(dir.resolve("other.pem"), dir.resolve("other.key"), 21, "www.alpha.example");
        TestCertificates.replace(pem, Files.readString(dir.resolve("other.pem")));
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> serialFor("www.alpha.example") == 20);
        TestCertificates.replace(pem, good);
    }

    @Test
    void plainHttpOnTheTlsListenerIsNotServed() throws Exception {
        try (RawHttp c = new RawHttp(h.gateway.tlsAddress())) {
            c.send(RawHttp.get("alpha.shops.test", "/"));
            assertThatThrownBy(c::read).isInstanceOf(java.io.IOException.class);
        }
    }

    private static long serialFor(String sni) throws Exception {
        try (SSLSocket s = connect(sni, null)) {
            return serial(s);
        }
    }

    private static long serial(SSLSocket s) throws Exception {
        final BigInteger serial = ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        return serial.longValueExact();
    }

    /** A TLS connection to the gateway's TLS listener, trusting any certificate, with SNI {@code sni} (or none). */
    private static SSLSocket connect(@Nullable String sni, @Nullable String protocol) throws Exception {
        final SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        final InetSocketAddress address = h.gateway.tlsAddress();
        final Socket plain = new Socket(address.getAddress(), address.getPort());
        final SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "127.0.0.1", address.getPort(), true);
        final SSLParameters params = s.getSSLParameters();
        params.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        if (protocol != null) {
            params.setProtocols(new String[] {protocol});
        }
        s.setSSLParameters(params);
        s.setSoTimeout(10_000);
        s.startHandshake();
        return s;
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
