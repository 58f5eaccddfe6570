package io.shopset.admin.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.config.ConfigError;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.config.Mappers;

/**
 * Reads {@code admin.tokensFile}: named bearer tokens with roles (docs/admin-api.md).
 *
 * <pre>
 * tokens:
 *   - name: alice               # written to the audit log
 *     role: admin               # viewer | operator | admin
 *     token: "a-long-secret"    # the token itself, or:
 *   - name: deploy-bot
 *     role: operator
 *     sha256: 6b86b273ff34fce19d6b804eff5a3f57...   # hex SHA-256 of the token
 * </pre>
 *
 * Every error is reported at once as {@code path: message}. Tokens are at least 16 characters.
 */
public final class TokensFile {

    static final int MIN_LENGTH = 16;

    private TokensFile() {
    }

    /**
     * The tokens of {@code file}, plus {@code envToken} (named {@code admin}, role admin) when not
     * {@code null}.
     *
     * @throws ConfigException naming every problem
     */
    public static Tokens load(Path file, @Nullable String envToken) throws ConfigException {
        final String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError("admin.tokensFile", "cannot read " + file + ": " + e)));
        }
        return parse(text, envToken);
    }

    static Tokens parse(String yaml, @Nullable String envToken) throws ConfigException {
        final JsonNode root;
        try {
            root = Mappers.yaml().readTree(yaml);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError("", "not YAML: " + e.getMessage())));
        }
        final List<ConfigError> errors = new ArrayList<>();
        final List<Tokens.Entry> entries = new ArrayList<>();
        if (envToken != null) {
            entries.add(Tokens.Entry.plain(envToken, new Principal("admin", Role.ADMIN)));
        }
        if (root == null || !root.isObject() || !root.path("tokens").isArray()) {
            throw new ConfigException(List.of(new ConfigError("tokens", "missing (expected a list of {name, role, " +
                                                                        "token or sha256})")));
        }
        root.fieldNames().forEachRemaining(f -> {
            if (!f.equals("tokens")) {
                errors.add(new ConfigError(f, "unknown key (expected: tokens)"));
            }
        });
        final Set<String> names = new HashSet<>();
        final JsonNode list = root.get("tokens");
        for (int i = 0; i < list.size(); i++) {
            final String p = "tokens[" + i + ']';
            final JsonNode t = list.get(i);
            if (!t.isObject()) {
                errors.add(new ConfigError(p, "expected {name, role, token or sha256}"));
                continue;
            }
            t.fieldNames().forEachRemaining(f -> {
                if (!Set.of("name", "role", "token", "sha256").contains(f)) {
                    errors.add(new ConfigError(p + '.' + f, "unknown key (expected: name, role, token, sha256)"));
                }
            });
            final String name = t.path("name").asText("");
            if (name.isBlank()) {
                errors.add(new ConfigError(p + ".name", "missing"));
            } else if (!names.add(name)) {
                errors.add(new ConfigError(p + ".name", "duplicate name \"" + name + '"'));
            }
            final Role role = role(t.path("role").asText(""));
            if (role == null) {
                errors.add(new ConfigError(p + ".role", "\"" + t.path("role").asText("") +
                                                        "\" (expected: viewer, operator or admin)"));
            }
            final String token = t.hasNonNull("token") ? t.get("token").asText() : null;
            final String sha = t.hasNonNull("sha256") ? t.get("sha256").asText().toLowerCase(Locale.ROOT) : null;
            if ((token == null) == (sha == null)) {
                errors.add(new ConfigError(p, "give exactly one of token and sha256"));
            } else if (token != null && token.length() < MIN_LENGTH) {
                errors.add(new ConfigError(p + ".token", "too short (expected: at least " + MIN_LENGTH +
                                                         " characters)"));
            } else if (sha != null && !sha.matches("[0-9a-f]{64}")) {
                errors.add(new ConfigError(p + ".sha256", "expected 64 hex digits (the SHA-256 of the token)"));
            }
            if (errors.isEmpty() && role != null) {
                final Principal principal = new Principal(name, role);
                entries.add(token != null ? Tokens.Entry.plain(token, principal)
                        : Tokens.Entry.hashed(HexFormat.of().parseHex(sha), principal));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return Tokens.of(entries);
    }

    private static @Nullable Role role(String text) {
        for (Role r : Role.values()) {
            if (r.name().toLowerCase(Locale.ROOT).equals(text)) {
                return r;
            }
        }
        return null;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
