package io.shopset.admin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The bearer tokens the admin API accepts: the one of {@code admin.tokenEnv} (named {@code admin},
 * role admin) and the named ones of {@code admin.tokensFile}. Every presented token is compared
 * with every known one in constant time ({@link MessageDigest#isEqual}), so timing tells nothing
 * about which prefix matched. Tokens given as a SHA-256 are compared hash to hash.
 */
public final class Tokens {

    /** One known token: its bytes (or its SHA-256) and who it is. */
    record Entry(byte[] secret, boolean hashed, Principal principal) {

        static Entry plain(String token, Principal principal) {
            return new Entry(token.getBytes(StandardCharsets.UTF_8), false, principal);
        }

        static Entry hashed(byte[] sha256, Principal principal) {
            return new Entry(sha256, true, principal);
        }
    }

    private final List<Entry> entries;

    private Tokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The single admin token of {@code tokenEnv}. */
    public static Tokens single(String token) {
        return new Tokens(List.of(Entry.plain(token, new Principal("admin", Role.ADMIN))));
    }

    static Tokens of(List<Entry> entries) {
        return new Tokens(entries);
    }

    /** How many tokens are known. */
    public int size() {
        return entries.size();
    }

    /** The principal that {@code presented} authenticates, or {@code null}. */
    public @Nullable Principal authenticate(@Nullable String presented) {
        if (presented == null) {
            return null;
        }
        final byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        final byte[] h = sha256(p);
        Principal found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.secret(), e.hashed() ? h : p) && found == null) {
                found = e.principal();
            }
        }
        return found;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
