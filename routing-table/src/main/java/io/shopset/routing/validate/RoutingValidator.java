package io.shopset.routing.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.config.ConfigError;
import io.shopset.routing.lookup.HostNormalizer;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.FailureDomain;
import io.shopset.routing.model.Limits;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.model.Tier;
import io.shopset.routing.place.Placer;

/**
 * Every rule a routing state must keep (CONTRACT.md "Placement rules" and the model's own), all
 * reported at once, each as {@code path: message} naming the offending value. Checked by
 * {@code validate}, on every reload and on every change through the admin API.
 */
public final class RoutingValidator {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern HOST =
            Pattern.compile("(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*");

    private RoutingValidator() {
    }

    /** The errors of {@code state}; empty when it is valid. */
    public static List<ConfigError> validate(RoutingState state) {
        final List<ConfigError> errors = new ArrayList<>();
        if (state.replicas() < 1) {
            errors.add(new ConfigError("replicas", state.replicas() + " (expected: >= 1)"));
        }
        for (int i = 0; i < state.platformDomains().size(); i++) {
            host(errors, "platformDomains[" + i + ']', state.platformDomains().get(i));
        }
        final Map<String, Tier> tiers = new HashMap<>();
        for (int i = 0; i < state.tiers().size(); i++) {
            final Tier t = state.tiers().get(i);
            final String p = "tiers[" + i + ']';
            if (name(errors, p + ".name", t.name()) && tiers.putIfAbsent(t.name(), t) != null) {
                errors.add(new ConfigError(p + ".name", "duplicate tier \"" + t.name() + '"'));
            }
            if (t.level() < 0) {
                errors.add(new ConfigError(p + ".level", t.level() + " (expected: >= 0)"));
            }
        }
        final Set<String> domains = new HashSet<>();
        for (int i = 0; i < state.failureDomains().size(); i++) {
            final FailureDomain d = state.failureDomains().get(i);
            final String p = "failureDomains[" + i + "].name";
            if (name(errors, p, d.name()) && !domains.add(d.name())) {
                errors.add(new ConfigError(p, "duplicate failure domain \"" + d.name() + '"'));
            }
        }
        final Map<String, ShopSet> shopsets = new HashMap<>();
        for (int i = 0; i < state.shopsets().size(); i++) {
            shopSet(errors, "shopsets[" + i + ']', state.shopsets().get(i), tiers, domains, shopsets);
        }
        limits(errors, "limits.shop", state.limits().shop(), true);
        limits(errors, "limits.client", state.limits().client(), false);
        limits(errors, "limits.clientTotal", state.limits().clientTotal(), false);
        cidrs(errors, "limits.allowList", state.limits().allowList());
        cidrs(errors, "limits.denyList", state.limits().denyList());

        // Presized: a table of a million shops must not rehash these maps over and over.
        final int n = state.shops().size();
        final Map<String, String> hostOwners = new HashMap<>(capacity(n * (state.platformDomains().size() + 1)));
        final Set<String> ids = new HashSet<>(capacity(n));
        for (int i = 0; i < state.shops().size(); i++) {
            final Shop shop = state.shops().get(i);
            final String p = "shops[" + i + ']';
            if (name(errors, p + ".id", shop.id()) && !ids.add(shop.id())) {
                errors.add(new ConfigError(p + ".id", "duplicate shop id \"" + shop.id() + '"'));
                continue;
            }
            for (String pd : state.platformDomains()) {
                hostOwners.putIfAbsent(shop.id() + '.' + HostNormalizer.normalize(pd), shop.id());
            }
        }
        for (int i = 0; i < state.shops().size(); i++) {
            shop(errors, "shops[" + i + ']', state.shops().get(i), state, tiers, shopsets, hostOwners);
        }
        return errors;
    }

    private static int capacity(int entries) {
        return Math.max(16, (int) Math.min(Integer.MAX_VALUE, entries * 4L / 3 + 1));
    }

    private static void shopSet(List<ConfigError> errors, String p, ShopSet s, Map<String, Tier> tiers,
                                Set<String> domains, Map<String, ShopSet> seen) {
        if (name(errors, p + ".name", s.name()) && seen.putIfAbsent(s.name(), s) != null) {
            errors.add(new ConfigError(p + ".name", "duplicate ShopSet \"" + s.name() + '"'));
        }
        if (s.tier() == null) {
            errors.add(new ConfigError(p + ".tier", "missing (expected one of the tiers)"));
        } else if (!tiers.containsKey(s.tier())) {
            errors.add(new ConfigError(p + ".tier", "unknown tier \"" + s.tier() + '"'));
        }
        if (s.failureDomain() == null) {
            errors.add(new ConfigError(p + ".failureDomain", "missing (expected one of the failure domains)"));
        } else if (!domains.contains(s.failureDomain())) {
            errors.add(new ConfigError(p + ".failureDomain", "unknown failure domain \"" + s.failureDomain() + '"'));
        }
        name(errors, p + ".configuration", s.configuration());
        if (s.endpoints().isEmpty()) {
            errors.add(new ConfigError(p + ".endpoints", "must list at least one endpoint"));
        }
        final Set<Endpoint> eps = new HashSet<>();
        for (int j = 0; j < s.endpoints().size(); j++) {
            if (!eps.add(s.endpoints().get(j))) {
                errors.add(new ConfigError(p + ".endpoints[" + j + ']', "duplicate endpoint " + s.endpoints().get(j)));
            }
        }
        if (!(s.capacity() > 0)) {
            errors.add(new ConfigError(p + ".capacity", s.capacity() + " (expected: > 0)"));
        }
        if (s.slowStart().isNegative()) {
            errors.add(new ConfigError(p + ".slowStart", "must not be negative"));
        }
        final var hc = s.healthCheck();
        if (hc == null) {
            return;
        }
        if (!hc.path().startsWith("/")) {
            errors.add(new ConfigError(p + ".healthCheck.path", "\"" + hc.path() + "\" (expected: a path starting with /)"));
        }
        if (hc.interval().isZero() || hc.interval().isNegative()) {
            errors.add(new ConfigError(p + ".healthCheck.interval", "must be > 0"));
        }
        if (hc.timeout().isZero() || hc.timeout().isNegative()) {
            errors.add(new ConfigError(p + ".healthCheck.timeout", "must be > 0"));
        }
        if (hc.healthyThreshold() < 1) {
            errors.add(new ConfigError(p + ".healthCheck.healthyThreshold", hc.healthyThreshold() + " (expected: >= 1)"));
        }
        if (hc.unhealthyThreshold() < 1) {
            errors.add(new ConfigError(p + ".healthCheck.unhealthyThreshold",
                                       hc.unhealthyThreshold() + " (expected: >= 1)"));
        }
    }

    private static void shop(List<ConfigError> errors, String p, Shop shop, RoutingState state,
                             Map<String, Tier> tiers, Map<String, ShopSet> shopsets, Map<String, String> hostOwners) {
        for (int j = 0; j < shop.hosts().size(); j++) {
            final String hp = p + ".hosts[" + j + ']';
            final String h = shop.hosts().get(j);
            if (!host(errors, hp, h)) {
                continue;
            }
            final String owner = hostOwners.putIfAbsent(HostNormalizer.normalize(h), shop.id());
            if (owner != null) {
                errors.add(new ConfigError(hp, "duplicate host \"" + h + "\" (already " +
                                               (owner.equals(shop.id()) ? "listed for this shop" : "used by shop \"" + owner + '"') + ')'));
            }
        }
        name(errors, p + ".configuration", shop.configuration());
        if (shop.tier() != null && !tiers.containsKey(shop.tier())) {
            errors.add(new ConfigError(p + ".tier", "unknown tier \"" + shop.tier() + '"'));
        }
        if (shop.limits() != null) {
            limits(errors, p + ".limits", shop.limits(), true);
        }
        if (shop.shopsets() != null) {
            placement(errors, p + ".shopsets", shop, shop.shopsets(), shopsets);
        } else if (shop.tier() == null || tiers.containsKey(shop.tier())) {
            if (Placer.eligible(shop, state).isEmpty()) {
                errors.add(new ConfigError(p, "no ShopSet can take shop \"" + shop.id() + "\" (configuration \"" +
                                              shop.configuration() + "\", tier \"" +
                                              (shop.tier() != null ? shop.tier() : Placer.highestTier(state.tiers())) +
                                              "\", not dedicated, not draining)"));
            }
        }
        if (shop.warmup() != null) {
            warmup(errors, p + ".warmup", shop, shopsets);
        }
        if (shop.rememberedShopsets() != null) {
            placement(errors, p + ".rememberedShopsets", shop, shop.rememberedShopsets(), shopsets);
            if (shop.shopsets() == null || shop.shopsets().size() != 1) {
                errors.add(new ConfigError(p + ".shopsets", "an isolated shop (with rememberedShopsets) must list exactly its dedicated ShopSet"));
            }
        }
    }

    /** A warm-up targets a dedicated ShopSet of the shop's configuration, before the shop is isolated. */
    private static void warmup(List<ConfigError> errors, String p, Shop shop, Map<String, ShopSet> shopsets) {
        final String target = shop.warmup().target();
        final ShopSet s = shopsets.get(target);
        if (s == null) {
            errors.add(new ConfigError(p + ".target", "unknown ShopSet \"" + target + '"'));
        } else if (!s.dedicated()) {
            errors.add(new ConfigError(p + ".target", "ShopSet \"" + target + "\" is not dedicated (a warm-up " +
                                                      "prepares an isolation)"));
        } else if (!s.configuration().equals(shop.configuration())) {
            errors.add(new ConfigError(p + ".target", "ShopSet \"" + target + "\" has configuration \"" +
                                                      s.configuration() + "\" but the shop has \"" +
                                                      shop.configuration() + '"'));
        }
        if (shop.rememberedShopsets() != null) {
            errors.add(new ConfigError(p, "an isolated shop cannot warm up (it is already isolated)"));
        }
    }

    private static void placement(List<ConfigError> errors, String p, Shop shop, List<String> names,
                                  Map<String, ShopSet> shopsets) {
        if (names.isEmpty()) {
            errors.add(new ConfigError(p, "must list at least one ShopSet (or be left out for the placer)"));
            return;
        }
        final Map<String, String> domainOwner = new HashMap<>();
        final Set<String> seen = new HashSet<>();
        for (int k = 0; k < names.size(); k++) {
            final String ip = p + '[' + k + ']';
            final String name = names.get(k);
            final ShopSet s = shopsets.get(name);
            if (s == null) {
                errors.add(new ConfigError(ip, "unknown ShopSet \"" + name + '"'));
                continue;
            }
            if (!seen.add(name)) {
                errors.add(new ConfigError(ip, "ShopSet \"" + name + "\" is listed twice"));
                continue;
            }
            if (!s.configuration().equals(shop.configuration())) {
                errors.add(new ConfigError(ip, "ShopSet \"" + name + "\" has configuration \"" + s.configuration() +
                                               "\" but shop \"" + shop.id() + "\" has \"" + shop.configuration() + '"'));
            }
            final String other = domainOwner.putIfAbsent(s.failureDomain(), name);
            if (other != null) {
                errors.add(new ConfigError(ip, "ShopSet \"" + name + "\" is in failure domain \"" + s.failureDomain() +
                                               "\" like \"" + other + "\" (replicas need distinct failure domains)"));
            }
            if (s.dedicated() && names.size() > 1) {
                errors.add(new ConfigError(ip, "dedicated ShopSet \"" + name + "\" must be the only ShopSet of the shop"));
            }
        }
    }

    private static void limits(List<ConfigError> errors, String p, @Nullable Limits l, boolean shop) {
        if (l == null) {
            return;
        }
        if (l.requestsPerSecond() != null && !(l.requestsPerSecond() > 0)) {
            errors.add(new ConfigError(p + ".requestsPerSecond", l.requestsPerSecond() + " (expected: > 0)"));
        }
        if (l.burst() != null && l.burst() < 1) {
            errors.add(new ConfigError(p + ".burst", l.burst() + " (expected: >= 1)"));
        }
        if (l.maxConcurrent() != null) {
            if (!shop) {
                errors.add(new ConfigError(p + ".maxConcurrent", "applies to shops only"));
            } else if (l.maxConcurrent() < 1) {
                errors.add(new ConfigError(p + ".maxConcurrent", l.maxConcurrent() + " (expected: >= 1)"));
            }
        }
        if (l.maxBodySize() != null) {
            if (!shop) {
                errors.add(new ConfigError(p + ".maxBodySize", "applies to shops only"));
            } else if (l.maxBodySize() < 0) {
                errors.add(new ConfigError(p + ".maxBodySize", l.maxBodySize() + " (expected: >= 0)"));
            }
        }
    }

    private static void cidrs(List<ConfigError> errors, String path, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            try {
                io.shopset.routing.model.Cidr.parse(values.get(i));
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(path + '[' + i + ']', e.getMessage()));
            }
        }
    }

    private static boolean name(List<ConfigError> errors, String path, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            errors.add(new ConfigError(path, "missing"));
            return false;
        }
        if (!NAME.matcher(value).matches()) {
            errors.add(new ConfigError(path, "\"" + value + "\" is not a valid name (expected: lower-case letters, " +
                                             "digits and '-', at most 63, starting and ending with a letter or digit)"));
            return false;
        }
        return true;
    }

    private static boolean host(List<ConfigError> errors, String path, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            errors.add(new ConfigError(path, "missing"));
            return false;
        }
        if (!HOST.matcher(HostNormalizer.normalize(value)).matches() || value.indexOf(':') >= 0) {
            errors.add(new ConfigError(path, "\"" + value + "\" is not a valid host name"));
            return false;
        }
        return true;
    }
}
