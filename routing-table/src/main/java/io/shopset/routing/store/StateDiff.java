package io.shopset.routing.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.shopset.routing.config.Mappers;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;

/**
 * How two routing states differ, for people ({@code shop "alpha": changed}, {@code replicas: 2 in
 * the file, 3 in Redis}), and a fingerprint that ignores the order of shops and ShopSets. Used for
 * the warnings when the configuration file and the store disagree.
 */
public final class StateDiff {

    private StateDiff() {
    }

    /** Whether {@code a} and {@code b} hold the same routing, whatever the order of their shops and ShopSets. */
    public static boolean same(RoutingState a, RoutingState b) {
        return differences(a, b, "a", "b", 1).isEmpty();
    }

    /**
     * Up to {@code max} differences (and a last line counting the rest), each naming the object and
     * which side has what. {@code aName}/{@code bName} label the two sides ("the file", "Redis").
     */
    public static List<String> differences(RoutingState a, RoutingState b, String aName, String bName, int max) {
        final List<String> out = new ArrayList<>();
        if (!a.platformDomains().equals(b.platformDomains())) {
            out.add("platformDomains: " + a.platformDomains() + " in " + aName + ", " + b.platformDomains() +
                    " in " + bName);
        }
        if (a.replicas() != b.replicas()) {
            out.add("replicas: " + a.replicas() + " in " + aName + ", " + b.replicas() + " in " + bName);
        }
        if (!new TreeSet<>(a.tiers().stream().map(Object::toString).toList())
                .equals(new TreeSet<>(b.tiers().stream().map(Object::toString).toList()))) {
            out.add("tiers differ");
        }
        if (!new TreeSet<>(a.failureDomains().stream().map(d -> d.name()).toList())
                .equals(new TreeSet<>(b.failureDomains().stream().map(d -> d.name()).toList()))) {
            out.add("failureDomains differ");
        }
        if (!a.limits().equals(b.limits())) {
            out.add("limits differ");
        }
        keyed(out, "ShopSet", a.shopsets(), b.shopsets(), ShopSet::name, aName, bName);
        keyed(out, "shop", a.shops(), b.shops(), Shop::id, aName, bName);
        if (out.size() > max) {
            final int rest = out.size() - max;
            final List<String> cut = new ArrayList<>(out.subList(0, max));
            cut.add("... and " + rest + " more");
            return cut;
        }
        return out;
    }

    /** A SHA-256 fingerprint of {@code state}, independent of the order of its shops and ShopSets. */
    public static String fingerprint(RoutingState state) {
        final RoutingState canonical = new RoutingState(
                state.platformDomains(), state.replicas(),
                state.tiers().stream().sorted(Comparator.comparing(t -> t.name())).toList(),
                state.failureDomains().stream().sorted(Comparator.comparing(d -> d.name())).toList(),
                state.shopsets().stream().sorted(Comparator.comparing(ShopSet::name)).toList(),
                state.shops().stream().sorted(Comparator.comparing(Shop::id)).toList(), state.limits());
        try {
            final byte[] json = Mappers.json().writeValueAsBytes(canonical);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short content hash of {@code value}'s JSON (an object's ETag). */
    public static String hash(Object value) {
        try {
            final byte[] json = Mappers.json().writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
            final byte[] d = MessageDigest.getInstance("SHA-256").digest(json);
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> void keyed(List<String> out, String kind, List<T> a, List<T> b, Function<T, String> key,
                                  String aName, String bName) {
        final Map<String, T> am = new LinkedHashMap<>();
        a.forEach(x -> am.put(key.apply(x), x));
        final Map<String, T> bm = new LinkedHashMap<>();
        b.forEach(x -> bm.put(key.apply(x), x));
        for (Map.Entry<String, T> e : am.entrySet()) {
            final T other = bm.get(e.getKey());
            if (other == null) {
                out.add(kind + " \"" + e.getKey() + "\": only in " + aName);
            } else if (!Objects.equals(e.getValue(), other)) {
                out.add(kind + " \"" + e.getKey() + "\": differs");
            }
        }
        for (String k : bm.keySet()) {
            if (!am.containsKey(k)) {
                out.add(kind + " \"" + k + "\": only in " + bName);
            }
        }
    }
}
