package io.shopset.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import io.shopset.routing.config.ConfigError;
import io.shopset.routing.config.ConfigException;

class TokensFileTest {

    @Test
    void namedTokensWithRolesPlainOrHashed() throws Exception {
        final String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("deploy-bot-secret-123".getBytes(StandardCharsets.UTF_8)));
        final Tokens tokens = TokensFile.parse("""
                tokens:
                  - {name: alice, role: admin, token: alice-secret-0123456}
                  - {name: deploy-bot, role: operator, sha256: %s}
                """.formatted(sha), "env-token-0123456789");

        assertThat(tokens.authenticate("alice-secret-0123456")).isEqualTo(new Principal("alice", Role.ADMIN));
        assertThat(tokens.authenticate("deploy-bot-secret-123")).isEqualTo(new Principal("deploy-bot", Role.OPERATOR));
        assertThat(tokens.authenticate("env-token-0123456789")).isEqualTo(new Principal("admin", Role.ADMIN));
        assertThat(tokens.authenticate("nope")).isNull();
        assertThat(tokens.authenticate(null)).isNull();
    }

    @Test
    void reportsEveryErrorWithItsPath() {
        assertThatThrownBy(() -> TokensFile.parse("""
                tokens:
                  - {name: a, role: boss, token: long-enough-secret-1}
                  - {name: a, role: viewer, token: short}
                  - {role: viewer, token: x-long-enough-secret, sha256: abc}
                  - {name: d, role: viewer, token: long-enough-secret-2, colour: red}
                extra: 1
                """, null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .extracting(ConfigError::toString)
                        .contains("tokens[0].role: \"boss\" (expected: viewer, operator or admin)",
                                  "tokens[1].name: duplicate name \"a\"",
                                  "tokens[1].token: too short (expected: at least 16 characters)",
                                  "tokens[2].name: missing",
                                  "tokens[2]: give exactly one of token and sha256",
                                  "tokens[3].colour: unknown key (expected: name, role, token, sha256)",
                                  "extra: unknown key (expected: tokens)"));
    }

    @Test
    void rolesIncludeTheOnesBelow() {
        assertThat(Role.ADMIN.allows(Role.OPERATOR)).isTrue();
        assertThat(Role.OPERATOR.allows(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.allows(Role.OPERATOR)).isFalse();
    }
}
