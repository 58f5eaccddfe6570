package io.shopset.routing.config;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

/**
 * The {@code tls} section: a second public listener that speaks HTTPS (TLS 1.2 and 1.3 only), with
 * certificates chosen by SNI. Absent {@code listen}: no TLS listener.
 *
 * @param listen         {@code host:port} of the TLS listener, or {@code null} for none (default)
 * @param certificates   PEM certificate chains with their PKCS#8 PEM keys; each serves the DNS names
 *                       (wildcards included) of its certificate's subject alternative names. The
 *                       first is the default: for clients without SNI or with a name no
 *                       certificate has (they then get 404 by Host)
 * @param reloadInterval how often the files are read again; a changed pair is loaded without a
 *                       restart, a broken one leaves the previous in place (default 10s)
 * @param proxyProtocol  as {@code listener.proxyProtocol}, for this listener (default false)
 * @param maxConnections as {@code listener.maxConnections}, for this listener (default 10000)
 * @param http2          HTTP/2 through ALPN and its limits (default: offered, with {@link Http2Settings#DEFAULT})
 */
public record TlsSettings(@Nullable String listen, List<CertificateFiles> certificates, Duration reloadInterval,
                          boolean proxyProtocol, int maxConnections, Http2Settings http2) {

    public static final TlsSettings DEFAULT = new TlsSettings(null, null, null, null, null, null);

    @JsonCreator
    public TlsSettings(@Nullable String listen, @Nullable List<CertificateFiles> certificates,
                       @Nullable Duration reloadInterval, @Nullable Boolean proxyProtocol,
                       @Nullable Integer maxConnections, @Nullable Http2Settings http2) {
        this(listen, certificates == null ? List.of() : List.copyOf(certificates.stream().filter(c -> c != null).toList()),
             reloadInterval != null ? reloadInterval : Duration.ofSeconds(10), proxyProtocol != null && proxyProtocol,
             maxConnections == null ? 10_000 : (int) maxConnections, http2 != null ? http2 : Http2Settings.DEFAULT);
    }

    /** Whether a TLS listener is configured. */
    public boolean enabled() {
        return listen != null;
    }

    /**
     * One certificate chain and its key.
     *
     * @param certFile PEM file: the certificate, then its intermediates
     * @param keyFile  PEM file: its private key, PKCS#8 ({@code BEGIN PRIVATE KEY}), unencrypted
     */
    public record CertificateFiles(String certFile, String keyFile) {
    }
}
