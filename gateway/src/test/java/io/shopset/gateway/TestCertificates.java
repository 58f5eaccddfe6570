package io.shopset.gateway;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed certificates made at test time (nothing private is committed): an EC P-256 key and a
 * certificate whose subject alternative names are the given DNS names, written as PEM files.
 */
final class TestCertificates {

    private TestCertificates() {
    }

    /**
     * Writes {@code cert} (PEM certificate) and {@code key} (PKCS#8 PEM key), each replaced atomically.
     *
     * @return the certificate
     */
    static X509Certificate write(Path cert, Path key, long serial, String... dnsNames) throws IOException {
        try {
            final KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(256);
            final KeyPair pair = kpg.generateKeyPair();
            final X500Name subject = new X500Name("CN=" + dnsNames[0].replace("*", "wildcard"));
            final Instant now = Instant.now();
            final X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    subject, BigInteger.valueOf(serial), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(30))), subject, pair.getPublic());
            final GeneralName[] names = new GeneralName[dnsNames.length];
            for (int i = 0; i < dnsNames.length; i++) {
                names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            final byte[] der = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded();
            final X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                                                                             .generateCertificate(new java.io.ByteArrayInputStream(der));
            replace(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            replace(cert, pem("CERTIFICATE", der));
            return x509;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException(e);
        }
    }

    static void replace(Path file, String content) throws IOException {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) +
               "\n-----END " + type + "-----\n";
    }
}
