package io.shopset.gateway.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import io.shopset.routing.config.TlsSettings;
import io.shopset.routing.config.TlsSettings.CertificateFiles;

/**
 * The TLS listener's certificates, by SNI host name: each PEM pair serves the DNS names (wildcards
 * included) in its certificate's subject alternative names; the first pair is the default, for
 * clients without SNI or with a name no certificate has. Server contexts speak TLS 1.3 and 1.2 only.
 * With {@code tls.http2.enabled} they offer {@code h2} and {@code http/1.1} through ALPN (the
 * client's first choice among them wins; a client without ALPN gets HTTP/1.1) and only the cipher
 * suites HTTP/2 allows (RFC 9113 §9.2.2: forward-secret AEAD).
 *
 * <p>Reload: a daemon thread ({@code shopset-tls-reload}) reads the files every
 * {@code tls.reloadInterval}; when a pair's bytes changed it builds a new context and publishes a
 * new mapping with one volatile write. New handshakes use it; open connections keep theirs. A pair
 * that fails to load is logged and the previous one stays.
 *
 * <p>Concurrency: files are read and contexts built on the reload thread (or the caller of
 * {@link #load}), never on an event loop; event loops only read {@link #map} through one volatile.
 */
public final class CertificateStore implements Mapping<String, SslContext>, AutoCloseable {

    /** The protocols the TLS listener speaks. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** ALPN: h2 first, then http/1.1; a client offering neither still gets HTTP/1.1. */
    private static final ApplicationProtocolConfig ALPN = new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN, ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);

    private static final Logger logger = LoggerFactory.getLogger(CertificateStore.class);

    private final List<CertificateFiles> files;
    private final boolean http2;
    private final Loaded[] loaded;
    /** The digest of each pair's last failed reload: it is not tried (nor logged) again until the files change. */
    private final byte[][] failed;
    private volatile Mapping<String, SslContext> mapping;
    private final @Nullable ScheduledExecutorService reloader;

    private CertificateStore(TlsSettings settings, boolean reload) throws IOException {
        files = settings.certificates();
        http2 = settings.http2().enabled();
        loaded = new Loaded[files.size()];
        failed = new byte[files.size()][];
        for (int i = 0; i < files.size(); i++) {
            loaded[i] = load(files.get(i), http2);
        }
        mapping = buildMapping();
        if (reload) {
            reloader = Executors.newSingleThreadScheduledExecutor(r -> {
                final Thread t = new Thread(r, "shopset-tls-reload");
                t.setDaemon(true);
                return t;
            });
            final long every = settings.reloadInterval().toMillis();
            reloader.scheduleWithFixedDelay(this::reloadChanged, every, every, TimeUnit.MILLISECONDS);
        } else {
            reloader = null;
        }
    }

    /**
     * Loads every pair of {@code settings} and starts reloading them.
     *
     * @throws IOException naming the file that could not be read or used
     */
    public static CertificateStore open(TlsSettings settings) throws IOException {
        return new CertificateStore(settings, true);
    }

    /** The context for a ClientHello's SNI name ({@code null}: none sent). */
    @Override
    public SslContext map(@Nullable String hostname) {
        return mapping.map(hostname == null ? null : hostname.toLowerCase(Locale.ROOT));
    }

    /** Reads every pair again; rebuilds and publishes the mapping when one changed. */
    void reloadChanged() {
        boolean changed = false;
        for (int i = 0; i < files.size(); i++) {
            final CertificateFiles f = files.get(i);
            byte[] digest = null;
            try {
                digest = digest(f);
                if (Arrays.equals(digest, loaded[i].digest) || Arrays.equals(digest, failed[i])) {
                    continue;
                }
                loaded[i] = load(f, http2);
                failed[i] = null;
                changed = true;
                logger.info("TLS certificate {} reloaded: {}", f.certFile(), loaded[i].names);
            } catch (IOException | RuntimeException e) {
                failed[i] = digest;
                logger.error("TLS certificate {} could not be reloaded, keeping the previous one: {}", f.certFile(),
                             e.toString());
            }
        }
        if (changed) {
            mapping = buildMapping();
        }
    }

    private Mapping<String, SslContext> buildMapping() {
        final DomainWildcardMappingBuilder<SslContext> b = new DomainWildcardMappingBuilder<>(loaded[0].context);
        // Later pairs first, so that for a name two certificates share the earlier one wins.
        for (int i = loaded.length - 1; i >= 0; i--) {
            for (String name : loaded[i].names) {
                b.add(name, loaded[i].context);
            }
        }
        return b.build();
    }

    private static Loaded load(CertificateFiles f, boolean http2) throws IOException {
        final byte[] digest = digest(f);
        final byte[] pem = Files.readAllBytes(Path.of(f.certFile()));
        final byte[] key = Files.readAllBytes(Path.of(f.keyFile()));
        final X509Certificate leaf = leaf(f.certFile(), pem);
        final List<String> names = dnsNames(f.certFile(), leaf);
        KeyMatch.check(f.keyFile(), leaf, key);
        try {
            final SslContextBuilder b = SslContextBuilder
                    .forServer(new ByteArrayInputStream(pem), new ByteArrayInputStream(key))
                    .protocols(PROTOCOLS);
            if (http2) {
                b.ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                 .applicationProtocolConfig(ALPN);
            }
            final SslContext context = b.build();
            return new Loaded(context, names, digest);
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("cannot use " + f.certFile() + " with " + f.keyFile() + ": " + e.getMessage(), e);
        }
    }

    /** The first (leaf) certificate of a PEM chain. */
    static X509Certificate leaf(String file, byte[] pem) throws IOException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
        } catch (CertificateException e) {
            throw new IOException(file + ": not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /** The DNS names among {@code leaf}'s subject alternative names, lower-cased. */
    static List<String> dnsNames(String file, X509Certificate leaf) throws IOException {
        try {
            final List<String> names = new ArrayList<>();
            if (leaf.getSubjectAlternativeNames() != null) {
                for (List<?> san : leaf.getSubjectAlternativeNames()) {
                    if (san.size() == 2 && Integer.valueOf(2).equals(san.get(0)) && san.get(1) instanceof String name) {
                        names.add(name.toLowerCase(Locale.ROOT));
                    }
                }
            }
            return List.copyOf(names);
        } catch (CertificateParsingException e) {
            throw new IOException(file + ": unreadable subject alternative names: " + e.getMessage(), e);
        }
    }

    private static byte[] digest(CertificateFiles f) throws IOException {
        try {
            final MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(Path.of(f.certFile())));
            sha.update(Files.readAllBytes(Path.of(f.keyFile())));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (reloader != null) {
            reloader.shutdownNow();
        }
    }

    private record Loaded(SslContext context, List<String> names, byte[] digest) {
    }
}
