package io.shopset.routing.validate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.config.ConfigError;
import io.shopset.routing.lookup.HostNormalizer;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.FailureDomain;
import io.shopset.routing.model.Limits;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopChanges;
import io.shopset.routing.model.ShopList;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.model.Tier;
import io.shopset.routing.place.Placer;

/**
 * Every rule a routing state must keep (CONTRACT.md "Placement rules" and the model's own), all
 * reported at once, each as {@code path: message} naming the offending value. Checked by
 * {@code validate}, on every reload and on every change through the admin API: in whole
 * ({@link #validate}) when the state is new or its non-shop part changed, else only where the
 * changed shops can have broken a rule ({@link #validateChanges}), with the same result.
 */
final class LegacyRoutingValidator {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern HOST =
            Pattern.compile("(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*");

    private LegacyRoutingValidator() {
    }

    /** The errors of {@code state}; empty when it is valid. */
    public static List<ConfigError> validate(RoutingState state) {
        final List<ConfigError> errors = new ArrayList<>();
        final Meta meta = meta(errors, state);

        // Presized: a table of a million shops must not rehash these maps over and over.
        final int n = state.shops().size();
        final Map<String, String> hostOwners = new HashMap<>(capacity(n * (state.platformDomains().size() + 1)));
        final Set<String> ids = new HashSet<>(capacity(n));
        int at = 0;
        for (Shop shop : state.shops()) {
            final String p = "shops[" + at++ + ']';
            if (name(errors, p + ".id", shop.id()) && !ids.add(shop.id())) {
                errors.add(new ConfigError(p + ".id", "duplicate shop id \"" + shop.id() + '"'));
                continue;
            }
            for (String pd : meta.platformDomains()) {
                hostOwners.putIfAbsent(shop.id() + '.' + pd, shop.id());
            }
        }
        int i = 0;
        for (Shop shop : state.shops()) {
            shop(errors, "shops[" + i++ + ']', shop, state, meta, hostOwners);
        }
        return errors;
    }

    /**
     * The errors of {@code next}, a state made from a valid one by changing its shops only, as
     * {@code changes} says (the same platform domains, tiers, failure domains, ShopSets and limits,
     * and no shop id twice): the same errors in the same order as {@link #validate} gives, found by
     * checking the changed shops and the hosts they touch rather than every shop. Nothing else can
     * have become invalid: the rules that involve two shops are the uniqueness of ids and of hosts.
     *
     * @param previousOwner for a normalised custom host, the id of the shop that had it in the valid
     *                      state, or {@code null}
     */
    public static List<ConfigError> validateChanges(RoutingState next, ShopChanges changes,
                                                    Function<String, @Nullable String> previousOwner) {
        final ShopList shops = next.shopList();
        // The non-shop part is the valid state's: its own errors (none) are not this change's.
        final Meta meta = meta(new ArrayList<>(), next);
        final Set<String> changed = new HashSet<>(changes.deletes());
        final List<Claim> updated = new ArrayList<>(changes.upserts().size());
        for (Shop u : changes.upserts()) {
            changed.add(u.id());
            updated.add(new Claim(shops.indexOfId(u.id()), -1, u, ""));
        }
        updated.sort(Claim.ORDER);
        final List<ConfigError> errors = new ArrayList<>();
        for (Claim c : updated) {
            name(errors, "shops[" + c.index + "].id", c.shop.id());
        }
        // Who claims each host the changed shops touch: their own hosts, and the platform hosts of
        // their ids, which an unchanged shop's custom host may now collide with.
        final Map<String, List<Claim>> claims = new HashMap<>();
        final Map<Integer, Map<Integer, ConfigError>> hostErrors = new TreeMap<>();
        for (Claim c : updated) {
            for (int j = 0; j < c.shop.hosts().size(); j++) {
                final String h = c.shop.hosts().get(j);
                final List<ConfigError> bad = new ArrayList<>(1);
                if (!host(bad, "shops[" + c.index + "].hosts[" + j + ']', h)) {
                    hostErrors.computeIfAbsent(c.index, k -> new TreeMap<>()).put(j, bad.get(0));
                    continue;
                }
                claims.computeIfAbsent(HostNormalizer.normalize(h), k -> new ArrayList<>())
                        .add(new Claim(c.index, j, c.shop, h));
            }
            if (isName(c.shop.id())) {
                for (String pd : meta.platformDomains()) {
                    claims.computeIfAbsent(c.shop.id() + '.' + pd, k -> new ArrayList<>());
                }
            }
        }
        for (Map.Entry<String, List<Claim>> e : claims.entrySet()) {
            final String key = e.getKey();
            final List<Claim> list = e.getValue();
            final String was = previousOwner.apply(key);
            if (was != null && !changed.contains(was)) {
                final Shop other = shops.byId(was);
                if (other != null) {
                    for (int j = 0; j < other.hosts().size(); j++) {
                        if (HostNormalizer.normalize(other.hosts().get(j)).equals(key)) {
                            list.add(new Claim(shops.indexOfId(was), j, other, other.hosts().get(j)));
                            break;
                        }
                    }
                }
            }
            list.sort(Claim.ORDER);
            // As validate: a platform host belongs to its shop; a custom one to the first that lists it.
            String owner = platformOwner(key, shops, meta.platformDomains());
            for (Claim c : list) {
                if (owner == null) {
                    owner = c.shop.id();
                    continue;
                }
                hostErrors.computeIfAbsent(c.index, k -> new TreeMap<>())
                        .put(c.host, duplicateHost("shops[" + c.index + "].hosts[" + c.host + ']', c.text, owner,
                                                   c.shop.id()));
            }
        }
        final Map<Integer, Shop> byIndex = new TreeMap<>();
        for (Claim c : updated) {
            byIndex.put(c.index, c.shop);
        }
        for (Integer i : hostErrors.keySet()) {
            byIndex.putIfAbsent(i, shops.get(i));
        }
        for (Map.Entry<Integer, Shop> e : byIndex.entrySet()) {
            final Map<Integer, ConfigError> hosts = hostErrors.get(e.getKey());
            if (hosts != null) {
                errors.addAll(hosts.values());
            }
            if (changed.contains(e.getValue().id())) {
                shopRules(errors, "shops[" + e.getKey() + ']', e.getValue(), next, meta);
            }
        }
        return errors;
    }

    /**
     * A shop at {@code index} holding host {@code host} (its position in the shop's hosts, written
     * {@code text}); for a changed shop itself, {@code host} is -1.
     */
    private record Claim(int index, int host, Shop shop, String text) {
        static final Comparator<Claim> ORDER = Comparator.comparingInt(Claim::index).thenComparingInt(Claim::host);
    }

    /** The shop whose platform host {@code key} is ({@code {id}.{platformDomain}}), or {@code null}. */
    private static @Nullable String platformOwner(String key, ShopList shops, List<String> platformDomains) {
        for (String pd : platformDomains) {
            final int labelEnd = key.length() - pd.length() - 1;
            if (labelEnd > 0 && key.charAt(labelEnd) == '.' && key.endsWith(pd)) {
                final String label = key.substring(0, labelEnd);
                if (isName(label) && shops.containsId(label)) {
                    return label;
                }
            }
        }
        return null;
    }

    /** The non-shop part: tiers, failure domains, ShopSets, limits; what the shop rules look up. */
    private record Meta(Map<String, Tier> tiers, Map<String, ShopSet> shopsets, List<String> platformDomains) {
    }

    private static Meta meta(List<ConfigError> errors, RoutingState state) {
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
        return new Meta(tiers, shopsets, state.platformDomains().stream().map(HostNormalizer::normalize).toList());
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

    private static void shop(List<ConfigError> errors, String p, Shop shop, RoutingState state, Meta meta,
                             Map<String, String> hostOwners) {
        for (int j = 0; j < shop.hosts().size(); j++) {
            final String hp = p + ".hosts[" + j + ']';
            final String h = shop.hosts().get(j);
            if (!host(errors, hp, h)) {
                continue;
            }
            final String owner = hostOwners.putIfAbsent(HostNormalizer.normalize(h), shop.id());
            if (owner != null) {
                errors.add(duplicateHost(hp, h, owner, shop.id()));
            }
        }
        shopRules(errors, p, shop, state, meta);
    }

    private static ConfigError duplicateHost(String path, String host, String owner, String shopId) {
        return new ConfigError(path, "duplicate host \"" + host + "\" (already " +
                                     (owner.equals(shopId) ? "listed for this shop" : "used by shop \"" + owner + '"') + ')');
    }

    /** The rules of one shop on its own: everything but the uniqueness of its id and hosts. */
    private static void shopRules(List<ConfigError> errors, String p, Shop shop, RoutingState state, Meta meta) {
        final Map<String, Tier> tiers = meta.tiers();
        final Map<String, ShopSet> shopsets = meta.shopsets();
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

    private static boolean isName(@Nullable String value) {
        return value != null && !value.isEmpty() && NAME.matcher(value).matches();
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
