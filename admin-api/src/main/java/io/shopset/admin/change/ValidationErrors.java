package io.shopset.admin.change;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.shopset.admin.api.ApiException;
import io.shopset.routing.config.ConfigError;
import io.shopset.routing.model.RoutingState;

/**
 * Turns the routing validator's errors into the admin API's error: 400 for a bad value (an unknown
 * name, a malformed host, a limit out of range), 409 for a placement that breaks the rules or
 * collides with another object (distinct failure domains, configuration, a dedicated ShopSet
 * alone, a host another shop owns, a shop no ShopSet can take, and any error in an object other
 * than the one the request is about). The field is named relative to that object when the error is
 * inside it ({@code hosts[0]}), else by the object's name ({@code shops[beta].shopsets[1]}). Every
 * error is listed in the message.
 */
public final class ValidationErrors {

    private static final Pattern INDEXED = Pattern.compile("^(shops|shopsets|tiers|failureDomains)\\[(\\d+)]");

    /** Messages of the rules (409), as {@link io.shopset.routing.validate.RoutingValidator} words them. */
    private static final List<String> RULES = List.of(
            "replicas need distinct failure domains", "\" has configuration \"", "must be the only ShopSet",
            "no ShopSet can take", "already used by shop", "an isolated shop");

    private ValidationErrors() {
    }

    /** The API error for {@code errors} found in {@code state}. */
    public static ApiException toApiException(List<ConfigError> errors, RoutingState state, @Nullable String scope) {
        final List<String> named = new ArrayList<>();
        ConfigError first = null;
        String firstPath = null;
        for (ConfigError e : errors) {
            final String path = name(e.path(), state);
            named.add(path.isEmpty() ? e.message() : path + ": " + e.message());
            if (first == null || (!inside(firstPath, scope) && inside(path, scope))) {
                first = e;
                firstPath = path;
            }
        }
        final boolean rule = !inside(firstPath, scope) || RULES.stream().anyMatch(first.message()::contains);
        final String field = inside(firstPath, scope) ? relative(firstPath, scope) : firstPath;
        return new ApiException(rule ? 409 : 400, String.join("; ", named), field == null || field.isEmpty() ? null : field);
    }

    /** {@code shops[3].hosts[0]} with the index replaced by the object's name: {@code shops[alpha].hosts[0]}. */
    static String name(String path, RoutingState state) {
        final Matcher m = INDEXED.matcher(path);
        if (!m.find()) {
            return path;
        }
        final int i = Integer.parseInt(m.group(2));
        final String key = switch (m.group(1)) {
            case "shops" -> i < state.shops().size() ? state.shops().get(i).id() : null;
            case "shopsets" -> i < state.shopsets().size() ? state.shopsets().get(i).name() : null;
            case "tiers" -> i < state.tiers().size() ? state.tiers().get(i).name() : null;
            default -> i < state.failureDomains().size() ? state.failureDomains().get(i).name() : null;
        };
        return key == null || key.isEmpty() ? path : m.group(1) + '[' + key + ']' + path.substring(m.end());
    }

    private static boolean inside(@Nullable String path, @Nullable String scope) {
        return path != null && scope != null && (path.equals(scope) || path.startsWith(scope + '.'));
    }

    private static String relative(String path, String scope) {
        return path.length() == scope.length() ? "" : path.substring(scope.length() + 1);
    }
}
