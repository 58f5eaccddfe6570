package io.shopset.routing.validate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

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
public final class RoutingValidator {

    private RoutingValidator() {
    }

    /** The errors of {@code state}; empty when it is valid. */
    public static List<ConfigError> validate(RoutingState state) {
        final List<ConfigError> errors = validate(state, false);
        // A custom host listed twice (or a hash shared by many hosts): again, finding each one's owner.
        return errors != null ? errors : validate(state, true);
    }

    /**
     * The errors of {@code state}. With {@code owners}, custom hosts go into a map to their first
     * shop, which names the owner in each duplicate-host error. Without, their hashes are collected
     * and sorted (a million random accesses to a map cost several times more): {@code null} when a
     * custom host turns out to be listed twice, or its hash shared by many hosts.
     */
    private static @Nullable List<ConfigError> validate(RoutingState state, boolean owners) {
        final List<ConfigError> errors = new ArrayList<>();
        final Meta meta = meta(errors, state);
        final ShopList shops = state.shopList();
        // One pass over the shops; the id errors all come first, as they always have.
        final List<ConfigError> shopErrors = new ArrayList<>();
        // The list knows whether an id is there twice; only then are ids collected.
        final Set<String> ids = shops.hasDuplicateIds() ? new HashSet<>(capacity(shops.size())) : null;
        // Every shop, valid id or not, owns {id}.{platformDomain}: found by the id under the suffix
        // (claimedPlatformHost) rather than by a key per shop and platform domain. A custom host
        // belongs to the first shop that lists it.
        final Map<String, String> hostOwners = owners ? new HashMap<>(capacity(shops.size())) : null;
        final HostKeys keys = owners ? null : new HostKeys(shops.size());
        int i = 0;
        for (Shop shop : shops) {
            if (!isName(shop.id())) {
                name(errors, shopPath(i) + ".id", shop.id());
            } else if (ids != null && !ids.add(shop.id())) {
                errors.add(new ConfigError(shopPath(i) + ".id", "duplicate shop id \"" + shop.id() + '"'));
            }
            final List<String> hosts = shop.hosts();
            for (int j = 0; j < hosts.size(); j++) {
                final String h = hosts.get(j);
                if (!isHost(h)) {
                    host(shopErrors, hostPath(i, j), h);
                    continue;
                }
                final String key = HostNormalizer.normalize(h);
                String owner = claimedPlatformHost(key, shops, meta.platformDomains());
                if (owner == null) {
                    if (keys != null) {
                        keys.add(key);
                        continue;
                    }
                    owner = hostOwners.putIfAbsent(key, shop.id());
                }
                if (owner != null) {
                    shopErrors.add(duplicateHost(hostPath(i, j), h, owner, shop.id()));
                }
            }
            shopRules(shopErrors, i, shop, state, meta);
            i++;
        }
        if (keys != null && keys.mayRepeat()) {
            return null;
        }
        errors.addAll(shopErrors);
        return errors;
    }

    private static String shopPath(int index) {
        return "shops[" + index + ']';
    }

    private static String hostPath(int index, int host) {
        return "shops[" + index + "].hosts[" + host + ']';
    }

    /**
     * The shop whose platform host {@code key} is, for a whole validation: the first shop in the
     * list whose id, whatever it is, followed by {@code .} and a platform domain gives {@code key}.
     */
    private static @Nullable String claimedPlatformHost(String key, ShopList shops, List<String> platformDomains) {
        String owner = null;
        int ownerAt = Integer.MAX_VALUE;
        for (String pd : platformDomains) {
            final int labelEnd = key.length() - pd.length() - 1;
            if (labelEnd >= 0 && key.charAt(labelEnd) == '.' && key.endsWith(pd)) {
                final String label = key.substring(0, labelEnd);
                final int at = shops.indexOfId(label);
                if (at >= 0 && at < ownerAt) {
                    owner = label;
                    ownerAt = at;
                }
            }
        }
        return owner;
    }

    /**
     * The custom hosts of a state, to tell whether one is there twice: each with its hash, sorted
     * by hash, then the hosts of equal hashes compared. Sequential work on two arrays instead of a
     * million random accesses to a map.
     */
    private static final class HostKeys {

        /** Hosts sharing a hash beyond this many are taken as a possible repeat (then a map decides). */
        private static final int MAX_RUN = 8;

        private String[] keys;
        /** Per host: its hash in the high half, its position in {@code keys} in the low. */
        private long[] entries;
        private int size;

        HostKeys(int expected) {
            keys = new String[Math.max(16, expected)];
            entries = new long[keys.length];
        }

        void add(String key) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                entries = Arrays.copyOf(entries, size * 2);
            }
            keys[size] = key;
            entries[size] = (long) key.hashCode() << 32 | size;
            size++;
        }

        /** Whether some host may be there twice: {@code false} means certainly not. */
        boolean mayRepeat() {
            Arrays.sort(entries, 0, size);
            int start = 0;
            for (int k = 1; k <= size; k++) {
                if (k < size && entries[k] >>> 32 == entries[start] >>> 32) {
                    continue;
                }
                if (k - start > MAX_RUN) {
                    return true;
                }
                for (int x = start; x < k; x++) {
                    for (int y = x + 1; y < k; y++) {
                        if (keys[(int) entries[x]].equals(keys[(int) entries[y]])) {
                            return true;
                        }
                    }
                }
                start = k;
            }
            return false;
        }
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
                shopRules(errors, e.getKey(), e.getValue(), next, meta);
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

    private static ConfigError duplicateHost(String path, String host, String owner, String shopId) {
        return new ConfigError(path, "duplicate host \"" + host + "\" (already " +
                                     (owner.equals(shopId) ? "listed for this shop" : "used by shop \"" + owner + '"') + ')');
    }

    /**
     * The rules of one shop on its own, the shop at {@code index}: everything but the uniqueness of
     * its id and hosts. Paths are made only for errors.
     */
    private static void shopRules(List<ConfigError> errors, int index, Shop shop, RoutingState state, Meta meta) {
        final Map<String, Tier> tiers = meta.tiers();
        final Map<String, ShopSet> shopsets = meta.shopsets();
        if (!isName(shop.configuration())) {
            name(errors, shopPath(index) + ".configuration", shop.configuration());
        }
        if (shop.tier() != null && !tiers.containsKey(shop.tier())) {
            errors.add(new ConfigError(shopPath(index) + ".tier", "unknown tier \"" + shop.tier() + '"'));
        }
        if (shop.limits() != null) {
            limits(errors, shopPath(index) + ".limits", shop.limits(), true);
        }
        if (shop.shopsets() != null) {
            placement(errors, index, ".shopsets", shop, shop.shopsets(), shopsets);
        } else if (shop.tier() == null || tiers.containsKey(shop.tier())) {
            if (!Placer.anyEligible(shop, state)) {
                errors.add(new ConfigError(shopPath(index), "no ShopSet can take shop \"" + shop.id() +
                                                            "\" (configuration \"" + shop.configuration() +
                                                            "\", tier \"" + (shop.tier() != null ? shop.tier()
                                                            : Placer.highestTier(state.tiers())) +
                                                            "\", not dedicated, not draining)"));
            }
        }
        if (shop.warmup() != null) {
            warmup(errors, shopPath(index) + ".warmup", shop, shopsets);
        }
        if (shop.rememberedShopsets() != null) {
            placement(errors, index, ".rememberedShopsets", shop, shop.rememberedShopsets(), shopsets);
            if (shop.shopsets() == null || shop.shopsets().size() != 1) {
                errors.add(new ConfigError(shopPath(index) + ".shopsets", "an isolated shop (with rememberedShopsets) must list exactly its dedicated ShopSet"));
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

    /** Placements up to this long are checked by scanning, longer ones with sets. */
    private static final int SHORT_PLACEMENT = 8;

    /** The explicit placement {@code names} in field {@code field} of the shop at {@code index}. */
    private static void placement(List<ConfigError> errors, int index, String field, Shop shop, List<String> names,
                                  Map<String, ShopSet> shopsets) {
        if (names.isEmpty()) {
            errors.add(new ConfigError(shopPath(index) + field,
                                       "must list at least one ShopSet (or be left out for the placer)"));
            return;
        }
        if (names.size() > SHORT_PLACEMENT) {
            longPlacement(errors, shopPath(index) + field, shop, names, shopsets);
            return;
        }
        // As longPlacement, without its map and set: an earlier entry with the same name is "listed
        // twice"; the first earlier known entry in the same failure domain is the one named.
        for (int k = 0; k < names.size(); k++) {
            final String name = names.get(k);
            final ShopSet s = shopsets.get(name);
            if (s == null) {
                errors.add(new ConfigError(placementPath(index, field, k), "unknown ShopSet \"" + name + '"'));
                continue;
            }
            String other = null;
            boolean twice = false;
            for (int j = 0; j < k; j++) {
                final String before = names.get(j);
                if (before.equals(name)) {
                    twice = true;
                    break;
                }
                final ShopSet b = other == null ? shopsets.get(before) : null;
                if (b != null && Objects.equals(b.failureDomain(), s.failureDomain())) {
                    other = before;
                }
            }
            if (twice) {
                errors.add(new ConfigError(placementPath(index, field, k), "ShopSet \"" + name + "\" is listed twice"));
                continue;
            }
            placementEntry(errors, index, field, k, shop, names, name, s, other);
        }
    }

    private static String placementPath(int index, String field, int k) {
        return shopPath(index) + field + '[' + k + ']';
    }

    /** The rules of entry {@code k} of a placement, listed once, {@code other} the earlier entry in its domain. */
    private static void placementEntry(List<ConfigError> errors, int index, String field, int k, Shop shop,
                                       List<String> names, String name, ShopSet s, @Nullable String other) {
        if (!s.configuration().equals(shop.configuration())) {
            errors.add(new ConfigError(placementPath(index, field, k), "ShopSet \"" + name + "\" has configuration \"" +
                                                                       s.configuration() + "\" but shop \"" + shop.id() +
                                                                       "\" has \"" + shop.configuration() + '"'));
        }
        if (other != null) {
            errors.add(new ConfigError(placementPath(index, field, k), "ShopSet \"" + name + "\" is in failure domain \"" +
                                                                       s.failureDomain() + "\" like \"" + other +
                                                                       "\" (replicas need distinct failure domains)"));
        }
        if (s.dedicated() && names.size() > 1) {
            errors.add(new ConfigError(placementPath(index, field, k), "dedicated ShopSet \"" + name +
                                                                       "\" must be the only ShopSet of the shop"));
        }
    }

    private static void longPlacement(List<ConfigError> errors, String p, Shop shop, List<String> names,
                                      Map<String, ShopSet> shopsets) {
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
        if (!Syntax.isName(value)) {
            errors.add(new ConfigError(path, "\"" + value + "\" is not a valid name (expected: lower-case letters, " +
                                             "digits and '-', at most 63, starting and ending with a letter or digit)"));
            return false;
        }
        return true;
    }

    private static boolean isName(@Nullable String value) {
        return value != null && Syntax.isName(value);
    }

    /** Whether {@code value} is a valid host as {@link #host} checks it, without an error. */
    private static boolean isHost(@Nullable String value) {
        return value != null && value.indexOf(':') < 0 && Syntax.isHost(HostNormalizer.normalize(value));
    }

    private static boolean host(List<ConfigError> errors, String path, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            errors.add(new ConfigError(path, "missing"));
            return false;
        }
        if (!isHost(value)) {
            errors.add(new ConfigError(path, "\"" + value + "\" is not a valid host name"));
            return false;
        }
        return true;
    }
}
