package io.shopset.routing.build;

import static io.shopset.routing.Fixtures.dedicated;
import static io.shopset.routing.Fixtures.shop;
import static io.shopset.routing.Fixtures.shopSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.shopset.routing.Fixtures;
import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.config.ConfigError;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.model.DefaultLimits;
import io.shopset.routing.model.Limits;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.place.Hashing;
import io.shopset.routing.place.Placements;

class SnapshotBuilderTest {

    private static Fixtures.State threeDomains() {
        return Fixtures.state().shopsets(shopSet("a", "dc-a"), shopSet("b", "dc-b"), shopSet("c", "dc-c"),
                                         dedicated("vip-1", "dc-d"));
    }

    @Test
    void givesAnIsolatedShopItsDedicatedShopSetThenItsRememberedPlacement() throws Exception {
        final RoutingSnapshot snap = SnapshotBuilder.build(
                threeDomains().shops(Fixtures.isolatedShop("big-sale", "vip-1", List.of("a", "b"))).build(), 1);

        final ShopRoute route = snap.shop("big-sale");
        assertThat(route.isolated()).isTrue();
        assertThat(route.candidates()).extracting(ShopSet::name).containsExactly("vip-1", "a", "b");
        assertThat(snap.placements().get("big-sale")).containsExactly("vip-1");
    }

    @Test
    void ordinaryShopsWithTheSamePlacementShareOneRouteProfile() throws Exception {
        final RoutingState state = threeDomains()
                .shops(Fixtures.placedShop("p1", List.of("a", "b")), Fixtures.placedShop("p2", List.of("a", "b")),
                       Fixtures.placedShop("p3", List.of("b", "c")),
                       Fixtures.shopWithLimits("own", new Limits(5.0, 5, null)),
                       Fixtures.isolatedShop("iso", "vip-1", List.of("a", "b")))
                .build();
        final RoutingSnapshot snap = SnapshotBuilder.build(state, 1);

        final ShopRoute p1 = snap.shop("p1");
        assertThat(snap.shop("p2").profile()).isSameAs(p1.profile());
        assertThat(snap.shop("p3").profile()).isNotSameAs(p1.profile());
        assertThat(snap.shop("p3").candidates()).extracting(ShopSet::name).containsExactly("b", "c");
        assertThat(snap.shop("own").limits().requestsPerSecond()).isEqualTo(5.0);
        assertThat(snap.shop("iso").isolated()).isTrue();
        assertThat(p1.isolated()).isFalse();
        // A route with a shared profile is equal to one made with every value, as the record was.
        final ShopRoute whole = new ShopRoute("p1", p1.configuration(), p1.tier(), p1.candidates(), false,
                                              p1.limits(), Hashing.hash64("p1", 0, 2), null);
        assertThat(p1).isEqualTo(whole).hasSameHashCodeAs(whole).hasToString(whole.toString());
        assertThat(p1).isNotEqualTo(snap.shop("p2"));

        // A changed shop keeps its profile when it still fits (a new host), else gets the right one.
        final RoutingState next = Fixtures.state()
                .shopsets(state.shopsets().toArray(ShopSet[]::new))
                .shops(new Shop("p1", List.of("www.p1.example"), null, null, List.of("a", "b"), null, null),
                       state.shops().get(1), Fixtures.placedShop("p3", List.of("c", "a")), state.shops().get(3),
                       state.shops().get(4))
                .build();
        final RoutingSnapshot updated = SnapshotBuilder.update(snap, next, 2);
        assertThat(updated).isNotNull();
        assertThat(updated.shop("p1").profile()).isSameAs(p1.profile());
        assertThat(updated.resolve("www.p1.example")).isSameAs(updated.shop("p1"));
        assertThat(updated.shop("p3").candidates()).extracting(ShopSet::name).containsExactly("c", "a");
        assertThat(updated.shop("p3")).isEqualTo(SnapshotBuilder.build(next, 3).shop("p3"));
    }

    @Test
    void givesAnOrdinaryShopItsPlacementInPreferenceOrder() throws Exception {
        final RoutingState state = threeDomains()
                .shops(Fixtures.placedShop("explicit", List.of("c", "a")), shop("placed", "www.placed.example"))
                .build();
        final RoutingSnapshot snap = SnapshotBuilder.build(state, 1);

        assertThat(snap.shop("explicit").candidates()).extracting(ShopSet::name).containsExactly("c", "a");
        assertThat(snap.shop("explicit").isolated()).isFalse();
        assertThat(snap.shop("placed").candidates()).extracting(ShopSet::name)
                .containsExactlyElementsOf(Placements.of(state.shops().get(1), state))
                .hasSize(2)
                .doesNotContain("vip-1");
        assertThat(snap.resolve("www.placed.example")).isSameAs(snap.shop("placed"));
        assertThat(snap.placements()).containsOnlyKeys("explicit", "placed");
    }

    @Test
    void sharesOneCandidateListAmongShopsWithTheSamePlacement() throws Exception {
        final RoutingState state = threeDomains()
                .shops(Fixtures.placedShop("one", List.of("a", "b")), Fixtures.placedShop("two", List.of("a", "b")),
                       Fixtures.placedShop("three", List.of("b", "a")))
                .build();
        final RoutingSnapshot snap = SnapshotBuilder.build(state, 1);

        assertThat(snap.shop("two").candidates()).isSameAs(snap.shop("one").candidates());
        assertThat(snap.shop("three").candidates()).extracting(ShopSet::name).containsExactly("b", "a");
        assertThat(snap.placements().get("two")).isSameAs(snap.placements().get("one")).containsExactly("a", "b");
    }

    @Test
    void listsEveryShopsPlacementInTheStatesOrderAndOnlyUnderItsExactId() throws Exception {
        final RoutingState state = threeDomains()
                .shops(Fixtures.placedShop("zeta", List.of("c", "a")), shop("placed"),
                       Fixtures.isolatedShop("big-sale", "vip-1", List.of("a", "b")), shop("alpha"))
                .build();
        final RoutingSnapshot snap = SnapshotBuilder.build(state, 1);

        assertThat(snap.placements()).hasSize(4);
        assertThat(snap.placements().keySet()).containsExactly("zeta", "placed", "big-sale", "alpha");
        assertThat(snap.placements()).containsEntry("zeta", List.of("c", "a"))
                                     .containsEntry("placed", Placements.of(state.shops().get(1), state))
                                     .containsEntry("big-sale", List.of("vip-1"))
                                     .containsEntry("alpha", Placements.of(state.shops().get(3), state));
        for (var e : snap.placements().entrySet()) {
            assertThat(snap.placements().get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(snap.placements().get("ZETA")).isNull();
        assertThat(snap.placements().get("nope")).isNull();
        assertThat(snap.placements().getOrDefault("nope", List.of())).isEmpty();
        assertThat(snap.placements()).isEqualTo(Placements.all(state));
    }

    @Test
    void mergesAShopsLimitsOverTheShopDefaults() throws Exception {
        final RoutingState state = threeDomains()
                .limits(new DefaultLimits(new Limits(300.0, 600, 100), null, null))
                .shops(Fixtures.shopWithLimits("capped", new Limits(50.0, null, null)),
                       Fixtures.shopWithLimits("all-set", new Limits(1.0, 2, 3)),
                       shop("plain"))
                .build();
        final RoutingSnapshot snap = SnapshotBuilder.build(state, 1);

        assertThat(snap.shop("capped").limits()).isEqualTo(new Limits(50.0, 600, 100));
        assertThat(snap.shop("all-set").limits()).isEqualTo(new Limits(1.0, 2, 3));
        assertThat(snap.shop("plain").limits()).isEqualTo(new Limits(300.0, 600, 100));
    }

    @Test
    void fillsLimitsLeftOutOfAPartialShopDefaultFromTheBuiltInDefaults() throws Exception {
        final RoutingState state = threeDomains()
                .limits(new DefaultLimits(new Limits(null, null, 5), null, null))
                .shops(Fixtures.shopWithLimits("s", new Limits(null, 7, null)))
                .build();

        assertThat(SnapshotBuilder.build(state, 1).shop("s").limits()).isEqualTo(new Limits(500.0, 7, 5));
    }

    @Test
    void carriesTheShopsConfigurationAndAStableHashOfItsId() throws Exception {
        final RoutingState state = Fixtures.state()
                .shopsets(shopSet("stg-a", "prod", "staging", "dc-a"), shopSet("a", "dc-a"))
                .shops(new Shop("preview", List.of(), "staging", null, null, null, null))
                .build();
        final ShopRoute route = SnapshotBuilder.build(state, 1).shop("preview");

        assertThat(route.configuration()).isEqualTo("staging");
        assertThat(route.candidates()).extracting(ShopSet::name).containsExactly("stg-a");
        assertThat(route.hash()).isEqualTo(Hashing.hash64("preview", 0, 7))
                                .isEqualTo(SnapshotBuilder.build(state, 2).shop("preview").hash());
    }

    @Test
    void buildsAtTheGivenVersion() throws Exception {
        final RoutingSnapshot snap = SnapshotBuilder.build(threeDomains().build(), 42);

        assertThat(snap.version()).isEqualTo(42);
        assertThat(snap.shopSetCount()).isEqualTo(4);
        assertThat(snap.shopCount()).isZero();
    }

    @Test
    void rejectsAnInvalidStateWithEveryError() {
        final RoutingState state = threeDomains()
                .shops(Fixtures.placedShop("s1", List.of("a", "prod-z")), shop("s2", "s1.shops.test"))
                .build();

        assertThatThrownBy(() -> SnapshotBuilder.build(state, 1)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(
                        "shops[0].shopsets[1]: unknown ShopSet \"prod-z\"",
                        "shops[1].hosts[0]: duplicate host \"s1.shops.test\" (already used by shop \"s1\")"));
    }
}
