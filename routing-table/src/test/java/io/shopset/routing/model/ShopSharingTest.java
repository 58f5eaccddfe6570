package io.shopset.routing.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.shopset.routing.config.Mappers;

/**
 * A shop holds shared instances of the names and placements many shops repeat, and its one custom
 * domain in a one-element list; both behave exactly as the lists they replace.
 */
class ShopSharingTest {

    /** A string equal to {@code s} but not the same instance (as a parser makes one per shop). */
    private static String fresh(String s) {
        return new String(s.toCharArray());
    }

    @Test
    void shopsMadeApartShareTheirNamesAndPlacements() {
        final Shop a = new Shop("a", List.of(), fresh("staging"), fresh("gold"),
                                new ArrayList<>(List.of(fresh("stg-a"), fresh("stg-b"))), null,
                                List.of(fresh("stg-c")));
        final Shop b = new Shop("b", List.of(), fresh("staging"), fresh("gold"),
                                Arrays.asList(fresh("stg-a"), null, fresh("stg-b")), null, List.of(fresh("stg-c")));

        assertThat(b.configuration()).isEqualTo("staging").isSameAs(a.configuration());
        assertThat(b.tier()).isEqualTo("gold").isSameAs(a.tier());
        assertThat(b.shopsets()).containsExactly("stg-a", "stg-b").isSameAs(a.shopsets());
        assertThat(b.rememberedShopsets()).containsExactly("stg-c").isSameAs(a.rememberedShopsets());
        final Shop c = new Shop("c", List.of(), null, null, List.of(fresh("stg-b")), null, null);
        assertThat(c.shopsets().get(0)).isSameAs(a.shopsets().get(1));
        assertThatThrownBy(() -> b.shopsets().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void longNamesAndPlacementsAreKeptButNotShared() {
        final String longName = "n".repeat(Canonical.MAX_NAME + 1);
        final List<String> many = new ArrayList<>();
        for (int i = 0; i <= Canonical.MAX_LIST; i++) {
            many.add(fresh("set-" + i));
        }
        final Shop a = new Shop("a", List.of(), fresh(longName), null, many, null, List.of(fresh(longName)));
        final Shop b = new Shop("b", List.of(), fresh(longName), null, new ArrayList<>(many), null,
                                List.of(fresh(longName)));

        assertThat(b.configuration()).isEqualTo(longName).isNotSameAs(a.configuration());
        assertThat(b.shopsets()).isEqualTo(many).isNotSameAs(a.shopsets());
        assertThat(b.rememberedShopsets()).containsExactly(longName).isNotSameAs(a.rememberedShopsets());
        assertThatThrownBy(() -> b.shopsets().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(a.tier()).isNull();
    }

    @Test
    void oneCustomDomainIsAListLikeAnyOther() throws Exception {
        final Shop shop = new Shop("a", new ArrayList<>(Arrays.asList(null, "www.a.example")), null, null, null,
                                   null, null);
        final List<String> hosts = shop.hosts();
        final List<String> plain = List.of("www.a.example");

        assertThat(hosts).isInstanceOf(OneElementList.class).isEqualTo(plain).hasSameHashCodeAs(plain);
        assertThat(plain).isEqualTo(hosts);
        assertThat(hosts).isNotEqualTo(List.of("www.a.example", "x")).isNotEqualTo(List.of("www.b.example"));
        assertThat(hosts.get(0)).isEqualTo("www.a.example");
        assertThat(hosts.contains("www.a.example")).isTrue();
        assertThat(hosts.contains(null)).isFalse();
        assertThat(hosts.indexOf("www.a.example")).isZero();
        assertThat(hosts.lastIndexOf("x")).isEqualTo(-1);
        assertThat(hosts.subList(0, 1)).isEqualTo(plain);
        assertThat(hosts.toArray()).containsExactly("www.a.example");
        assertThat(new ArrayList<>(hosts)).isEqualTo(plain);
        final var it = hosts.iterator();
        assertThat(it.next()).isEqualTo("www.a.example");
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(java.util.NoSuchElementException.class);
        assertThatThrownBy(() -> hosts.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> hosts.add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> hosts.set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> hosts.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> hosts.removeIf(h -> true)).isInstanceOf(UnsupportedOperationException.class);
        // A shop remade from it (withPlacement) keeps the list; JSON sees a plain array.
        assertThat(shop.withPlacement(List.of("x"), null).hosts()).isSameAs(hosts);
        final String json = Mappers.json().writeValueAsString(shop);
        assertThat(json).contains("\"hosts\":[\"www.a.example\"]");
        assertThat(Mappers.json().readValue(json, Shop.class)).isEqualTo(shop);
        assertThat(new Shop("b", List.of("x", "y"), null, null, null, null, null).hosts())
                .isNotInstanceOf(OneElementList.class).containsExactly("x", "y");
    }
}
