package io.shopset.admin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The bearer tokens the admin API accepts. Every presented token is compared with every known one
 * in constant time ({@link MessageDigest#isEqual}), so timing tells nothing about which prefix
 * matched.
 */
public final class Tokens {

    private record Entry(byte[] token, Principal principal) {
    }

    private final List<Entry> entries;

    private Tokens(List<Entry> entries) {
        this.entries = entries;
    }

    /** The single admin token of {@code tokenEnv}. */
    public static Tokens single(String token) {
        return new Tokens(List.of(new Entry(token.getBytes(StandardCharsets.UTF_8), new Principal("admin", Role.ADMIN))));
    }

    /** The principal that {@code presented} authenticates, or {@code null}. */
    public @Nullable Principal authenticate(@Nullable String presented) {
        if (presented == null) {
            return null;
        }
        final byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        Principal found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.token(), p) && found == null) {
                found = e.principal();
            }
        }
        return found;
    }
}
