package io.shopset.routing.config;

import org.jspecify.annotations.Nullable;

/**
 * The {@code admin} section.
 *
 * @param listen     address of the admin listener (default 127.0.0.1:9090)
 * @param tokenEnv   environment variable holding the admin bearer token (default SHOPSET_ADMIN_TOKEN)
 * @param tokensFile optional file of named tokens with roles
 */
public record AdminSettings(String listen, String tokenEnv, @Nullable String tokensFile) {

    public static final AdminSettings DEFAULT = new AdminSettings(null, null, null);

    public AdminSettings(@Nullable String listen, @Nullable String tokenEnv, @Nullable String tokensFile) {
        this.listen = listen != null ? listen : "127.0.0.1:9090";
        this.tokenEnv = tokenEnv != null ? tokenEnv : "SHOPSET_ADMIN_TOKEN";
        this.tokensFile = tokensFile;
    }
}
