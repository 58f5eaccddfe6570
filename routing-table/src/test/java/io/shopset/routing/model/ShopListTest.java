package io.shopset.routing.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.shopset.routing.config.Mappers;

/**
 * {@link ShopList} against a plain {@link ArrayList} edited the way the stores and the admin API
 * always edited shop lists, over seeded random edit sequences long enough to fill and empty many
 * leaves, grow the id index and re-pack.
 */
class ShopListTest {

    @Test
    void editsReadsAndDifferencesMatchAPlainListOverRandomSequences() {
        for (long seed = 1; seed <= 6; seed++) {
            final Random rnd = new Random(seed);
            final int initial = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(3000);
            List<Shop> ref = new ArrayList<>();
            for (int i = 0; i < initial; i++) {
                ref.add(shop("s" + i, 0));
            }
            ShopList list = ShopList.of(ref);
            int nextId = initial;
            for (int step = 0; step < 1000; step++) {
                final ShopList before = list;
                final List<Shop> refBefore = List.copyOf(ref);
                final int op = rnd.nextInt(10);
                if (op < 4 && !ref.isEmpty()) {
                    // Replace one shop in place.
                    final Shop old = ref.get(rnd.nextInt(ref.size()));
                    final Shop next = shop(old.id(), step + 1);
                    ref = plainWith(ref, next);
                    list = list.with(next);
                } else if (op < 6) {
                    final Shop added = shop("n" + nextId++, step);
                    ref = plainWith(ref, added);
                    list = list.with(added);
                } else if (op < 9 && !ref.isEmpty()) {
                    final String id = ref.get(rnd.nextInt(ref.size())).id();
                    ref = plainWithout(ref, id);
                    list = list.without(id);
                } else {
                    // A batch, as a replica applies a delta (sometimes a large one).
                    final int k = rnd.nextInt(4) == 0 ? 200 + rnd.nextInt(400) : 1 + rnd.nextInt(5);
                    final List<Shop> upserts = new ArrayList<>();
                    final List<String> deletes = new ArrayList<>();
                    for (int i = 0; i < k; i++) {
                        if (!ref.isEmpty() && rnd.nextBoolean()) {
                            deletes.add(ref.get(rnd.nextInt(ref.size())).id());
                        }
                        if (rnd.nextBoolean() && !ref.isEmpty()) {
                            upserts.add(shop(ref.get(rnd.nextInt(ref.size())).id(), step + 7));
                        } else {
                            upserts.add(shop("n" + nextId++, step));
                        }
                    }
                    ref = plainChanges(ref, upserts, deletes);
                    list = list.withChanges(upserts, deletes);
                }
                assertThat(new ArrayList<>(list)).isEqualTo(ref);
                assertThat(list.size()).isEqualTo(ref.size());
                assertThat(list.equals(before)).isEqualTo(ref.equals(refBefore));
                if (step % 5 == 0) {
                    assertThat(list.equals(new ArrayList<>(ref))).isTrue();
                    assertThat(list.hashCode()).isEqualTo(ref.hashCode());
                    assertChanges(before.changesTo(list, Integer.MAX_VALUE), refBefore, ref);
                }
                if (step % 50 == 0) {
                    assertThat(applied(refBefore, before.changesTo(list, Integer.MAX_VALUE))).isEqualTo(byId(ref));
                    for (int i = 0; i < ref.size(); i++) {
                        assertThat(list.get(i)).isSameAs(ref.get(i));
                        assertThat(list.indexOfId(ref.get(i).id())).isEqualTo(i);
                        assertThat(list.byId(ref.get(i).id())).isSameAs(ref.get(i));
                    }
                    assertThat(list.byId("missing")).isNull();
                    assertThat(list.containsId("missing")).isFalse();
                    assertThat(list.indexOfId("missing")).isEqualTo(-1);
                    // Unrelated lists of the same shops compare entry by entry, with the same result.
                    assertThat(ShopList.of(new ArrayList<>(ref))).isEqualTo(list);
                    assertChanges(ShopList.of(new ArrayList<>(refBefore)).changesTo(list, Integer.MAX_VALUE),
                                  refBefore, ref);
                }
            }
        }
    }

    @Test
    void aListEditedFromAnotherSharesAllButTheEditedLeaf() {
        final List<Shop> shops = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            shops.add(shop("s" + i, 0));
        }
        final ShopList a = ShopList.of(shops);
        final ShopList b = a.with(shop("s500", 1)).without("s99999").with(shop("new", 0));

        // Three changes: a limit of two gives up.
        final ShopChanges changes = a.changesTo(b, 3);
        assertThat(changes).isNotNull();
        assertThat(changes.upserts()).extracting(Shop::id).containsExactly("s500", "new");
        assertThat(changes.deletes()).containsExactly("s99999");
        assertThat(a.changesTo(b, 2)).isNull();
        assertThat(a.changesTo(a, 0)).isEqualTo(ShopChanges.NONE);
        assertThat(b.indexOfId("new")).isEqualTo(99_999);
        assertThat(version(b.get(500))).isEqualTo(1);
        assertThat(version(a.get(500))).isZero();
    }

    @Test
    void aRepeatedIdKeepsThePlainSemanticsOfTheStores() {
        final ShopList dup = ShopList.of(List.of(shop("a", 0), shop("b", 0), shop("a", 1)));

        assertThat(dup.hasDuplicateIds()).isTrue();
        assertThat(version(dup.byId("a"))).isZero();
        // Replacing an id replaces each of its entries, removing it removes them all (admin edits).
        assertThat(dup.with(shop("a", 5))).extracting(ShopListTest::version).containsExactly(5, 0, 5);
        assertThat(dup.without("a")).extracting(Shop::id).containsExactly("b");
        // A delta applied to it collapses the id to its first place and last value (replica edits).
        assertThat(dup.withChanges(List.of(shop("c", 0)), List.of()))
                .extracting(Shop::id).containsExactly("a", "b", "c");
        final ShopChanges changes = ShopList.of(List.of(shop("a", 0))).changesTo(dup, 10);
        assertThat(changes.upserts()).extracting(Shop::id).containsExactlyInAnyOrder("a", "b");
        assertThat(ShopList.of(List.of(shop("a", 0), shop("b", 1))).hasDuplicateIds()).isFalse();
    }

    @Test
    void serialisesAsAPlainArrayAndAStateAlwaysHoldsOne() throws Exception {
        final ObjectMapper json = Mappers.json();
        final RoutingState s = new RoutingState(List.of("shops.test"), 1, List.of(), List.of(), List.of(),
                                                Arrays.asList(Shop.of("a"), null, Shop.of("b")), null);
        assertThat(s.shops()).isInstanceOf(ShopList.class).extracting(Shop::id).containsExactly("a", "b");
        final String text = json.writeValueAsString(s);
        assertThat(text).contains("\"shops\":[{\"id\":\"a\"").doesNotContain("shopList");
        final RoutingState back = json.readValue(text, RoutingState.class);
        assertThat(back).isEqualTo(s);
        assertThat(back.shopList().byId("b")).isEqualTo(Shop.of("b"));
        assertThat(new RoutingState(List.of(), 1, List.of(), List.of(), List.of(), s.shops(), null).shops())
                .isSameAs(s.shops());
    }

    /** A shop whose "version" is kept in its tier field, so replacing it changes it. */
    private static Shop shop(String id, int version) {
        return new Shop(id, List.of(id + ".example"), null, "t" + version, null, null, null);
    }

    private static List<Shop> plainWith(List<Shop> shops, Shop shop) {
        final List<Shop> out = new ArrayList<>();
        boolean found = false;
        for (Shop s : shops) {
            if (s.id().equals(shop.id())) {
                found = true;
                out.add(shop);
            } else {
                out.add(s);
            }
        }
        if (!found) {
            out.add(shop);
        }
        return out;
    }

    private static List<Shop> plainWithout(List<Shop> shops, String id) {
        return new ArrayList<>(shops.stream().filter(s -> !s.id().equals(id)).toList());
    }

    private static List<Shop> plainChanges(List<Shop> shops, List<Shop> upserts, List<String> deletes) {
        final Map<String, Shop> m = byId(shops);
        deletes.forEach(m::remove);
        upserts.forEach(s -> m.put(s.id(), s));
        return new ArrayList<>(m.values());
    }

    private static Map<String, Shop> byId(List<Shop> shops) {
        final Map<String, Shop> m = new LinkedHashMap<>();
        shops.forEach(s -> m.put(s.id(), s));
        return m;
    }

    private static Map<String, Shop> applied(List<Shop> shops, ShopChanges c) {
        final Map<String, Shop> m = byId(shops);
        c.deletes().forEach(m::remove);
        c.upserts().forEach(s -> m.put(s.id(), s));
        return m;
    }

    private static void assertChanges(ShopChanges c, List<Shop> from, List<Shop> to) {
        final Map<String, Shop> a = byId(from);
        final Map<String, Shop> b = byId(to);
        final List<String> deletes = a.keySet().stream().filter(id -> !b.containsKey(id)).toList();
        final List<Shop> upserts = b.values().stream().filter(s -> !s.equals(a.get(s.id()))).toList();
        assertThat(c.deletes()).containsExactlyInAnyOrderElementsOf(deletes);
        assertThat(c.upserts()).containsExactlyInAnyOrderElementsOf(upserts);
    }

    private static int version(Shop s) {
        return Integer.parseInt(s.tier().substring(1));
    }
}
