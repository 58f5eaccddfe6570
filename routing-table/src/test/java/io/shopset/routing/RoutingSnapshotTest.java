package io.shopset.routing;

import static io.shopset.routing.Fixtures.shop;
import static io.shopset.routing.Fixtures.shopSet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.shopset.routing.build.SnapshotBuilder;
import io.shopset.routing.lookup.HostTable;
import io.shopset.routing.model.Limits;
import io.shopset.routing.model.RoutingState;

/** Host resolution as CONTRACT.md "Proxy behaviour / Host resolution" defines it. */
class RoutingSnapshotTest {

    private static final RoutingSnapshot SNAPSHOT = build(Fixtures.state()
            .platformDomains("shops.test", "Shops.Example")
            .shopsets(shopSet("prod-a", "dc-a"), shopSet("prod-b", "dc-b"))
            .shops(shop("alpha", "www.alpha.example", "Alpha.Example"), shop("beta"), shop("eu")));

    private static RoutingSnapshot build(Fixtures.State state) {
        try {
            return SnapshotBuilder.build(state.build(), 1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', nullValues = "null", value = {
            "www.alpha.example          | alpha",
            "WWW.ALPHA.EXAMPLE          | alpha",
            "www.alpha.example:8443     | alpha",
            "www.alpha.example.         | alpha",
            "Www.Alpha.Example.:80      | alpha",
            "alpha.example              | alpha",
            "alpha.shops.test           | alpha",
            "Alpha.Shops.Test:8080      | alpha",
            "alpha.shops.test.          | alpha",
            "beta.shops.test            | beta",
            "beta.shops.example         | beta",
            "BETA.SHOPS.EXAMPLE.:443    | beta",
            "eu.shops.test              | eu",
            "gamma.shops.test           | null",
            "a.b.shops.test             | null",
            "alpha.eu.shops.test        | null",
            "shops.test                 | null",
            ".shops.test                | null",
            "alphashops.test            | null",
            "alpha.shops.test.evil.com  | null",
            "www.beta.example           | null",
            "alpha                      | null",
            "[::1]:8080                 | null",
            "[::1]                      | null",
            "127.0.0.1:8080             | null",
            "''                         | null",
    })
    void resolvesTheExactHostThenThePlatformSubdomain(String host, String shop) {
        final ShopRoute route = SNAPSHOT.resolve(host);
        assertThat(route == null ? null : route.id()).isEqualTo(shop);
    }

    @Test
    void resolvesAPlatformSubdomainUnderEitherOfTwoNestedPlatformDomains() {
        final RoutingSnapshot snap = build(Fixtures.state()
                .platformDomains("shops.test", "eu.shops.test")
                .shopsets(shopSet("prod-a", "dc-a"))
                .shops(shop("alpha"), shop("eu")));

        assertThat(snap.resolve("alpha.eu.shops.test").id()).isEqualTo("alpha");
        assertThat(snap.resolve("alpha.shops.test").id()).isEqualTo("alpha");
        assertThat(snap.resolve("eu.shops.test").id()).isEqualTo("eu");
        assertThat(snap.resolve("x.alpha.eu.shops.test")).isNull();
    }

    @Test
    void prefersACustomHostOverThePlatformSubdomainWithTheSameName() {
        // The validator never lets a custom host shadow another shop's subdomain; the snapshot's
        // lookup order is still "exact host first", which a snapshot built directly shows.
        final ShopRoute alpha = route("alpha");
        final ShopRoute beta = route("beta");
        final RoutingSnapshot snap = new RoutingSnapshot(
                7, 0, Fixtures.state().build(),
                new HostTable<>(Map.of("beta.shops.test", alpha, "[::1]", beta)),
                new HostTable<>(Map.of("alpha", alpha, "beta", beta)), List.of("shops.test"), Map.of(), Map.of());

        assertThat(snap.resolve("beta.shops.test")).isSameAs(alpha);
        assertThat(snap.resolve("BETA.shops.test.:80")).isSameAs(alpha);
        assertThat(snap.resolve("alpha.shops.test")).isSameAs(alpha);
        assertThat(snap.resolve("[::1]:8080")).as("an IPv6 literal keeps its brackets").isSameAs(beta);
    }

    @Test
    void resolvesAHostHeldInAnyCharSequence() {
        assertThat(SNAPSHOT.resolve(new StringBuilder("Beta.Shops.Test:8080")).id()).isEqualTo("beta");
    }

    @Test
    void findsShopsByIdAndShopSetsByName() {
        assertThat(SNAPSHOT.shop("alpha").id()).isEqualTo("alpha");
        assertThat(SNAPSHOT.shop("ALPHA")).isSameAs(SNAPSHOT.shop("alpha"));
        assertThat(SNAPSHOT.shop("gamma")).isNull();
        assertThat(SNAPSHOT.shopSet("prod-a").failureDomain()).isEqualTo("dc-a");
        assertThat(SNAPSHOT.shopSet("prod-z")).isNull();
        assertThat(SNAPSHOT.shopCount()).isEqualTo(3);
        assertThat(SNAPSHOT.shopSetCount()).isEqualTo(2);
    }

    private static ShopRoute route(String id) {
        return new ShopRoute(id, "production", "prod", List.of(), false, new Limits(1.0, 1, 1), id.hashCode());
    }

    @Test
    void keepsTheStateItWasBuiltFrom() {
        final RoutingState state = Fixtures.state().shopsets(shopSet("a", "dc-a")).shops(shop("s")).build();
        final RoutingSnapshot snap = build(Fixtures.state().shopsets(shopSet("a", "dc-a")).shops(shop("s")));

        assertThat(snap.state().shops()).isEqualTo(state.shops());
        assertThat(snap.version()).isEqualTo(1);
    }
}
