package io.shopset.gateway.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Checks that a PKCS#8 PEM private key belongs to a certificate, by signing a probe with the key and
 * verifying it with the certificate's public key: a pair caught half rewritten on disk (the new
 * certificate, the old key) is refused instead of breaking every handshake.
 */
final class KeyMatch {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final byte[] PROBE = "shopset-key-match".getBytes(StandardCharsets.US_ASCII);

    private KeyMatch() {
    }

    /** @throws IOException when {@code keyPem} is not a PKCS#8 key or not {@code leaf}'s */
    static void check(String file, X509Certificate leaf, byte[] keyPem) throws IOException {
        final PrivateKey key = parse(file, keyPem);
        final String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        try {
            final Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(PROBE);
            final byte[] signature = s.sign();
            s.initVerify(leaf.getPublicKey());
            s.update(PROBE);
            if (!s.verify(signature)) {
                throw new IOException(file + ": the key does not belong to the certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": the key does not belong to the certificate (" + e.getMessage() + ')', e);
        }
    }

    private static PrivateKey parse(String file, byte[] pem) throws IOException {
        final String text = new String(pem, StandardCharsets.US_ASCII);
        final int begin = text.indexOf(BEGIN);
        final int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IOException(file + ": expected a PKCS#8 PEM key (BEGIN PRIVATE KEY; convert with "
                                  + "openssl pkcs8 -topk8 -nocrypt)");
        }
        final byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // Not this algorithm: try the next.
            }
        }
        throw new IOException(file + ": an unreadable or unsupported PKCS#8 key");
    }
}
