package io.shopset.routing;

import static io.shopset.routing.Fixtures.shop;
import static io.shopset.routing.Fixtures.shopSet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.shopset.routing.build.SnapshotBuilder;
import io.shopset.routing.lookup.HostNormalizer;
import io.shopset.routing.lookup.HostTable;
import io.shopset.routing.model.Shop;
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
    void looksUpAPlatformSubdomainByItsShopIdBeforeTheCustomHosts() {
        // The validator never lets a custom host equal a shop's platform subdomain, so on a built
        // snapshot the order cannot show; a snapshot made directly with such a clash shows it: the id
        // wins, and a platform subdomain of no shop still falls through to the custom hosts.
        final ShopRoute alpha = route("alpha");
        final ShopRoute beta = route("beta");
        final RoutingSnapshot snap = new RoutingSnapshot(
                7, 0, Fixtures.state().build(),
                new HostTable<>(Map.of("beta.shops.test", alpha, "promo.shops.test", alpha, "[::1]", beta)),
                new HostTable<>(Map.of("alpha", alpha, "beta", beta)), List.of("shops.test"), Map.of(), Map.of());

        assertThat(snap.resolve("beta.shops.test")).isSameAs(beta);
        assertThat(snap.resolve("BETA.shops.test.:80")).isSameAs(beta);
        assertThat(snap.resolve("alpha.shops.test")).isSameAs(alpha);
        assertThat(snap.resolve("Promo.Shops.Test:443")).as("no shop has the id promo").isSameAs(alpha);
        assertThat(snap.resolve("gamma.shops.test")).isNull();
        assertThat(snap.resolve("[::1]:8080")).as("an IPv6 literal keeps its brackets").isSameAs(beta);
    }

    @Test
    void answersAsExactHostFirstThenPlatformSubdomainOverRandomHostsOnABuiltSnapshot() {
        // CONTRACT.md's order, written out here as the reference: the exact host, then the id under
        // each platform domain. resolve tries the id first; on a validated snapshot both must agree.
        final Random rnd = new Random(20261203);
        final String[] platforms = {"shops.test", "eu.shops.test", "Shops.Example"};
        final List<Shop> shops = new ArrayList<>();
        final List<String> known = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            final String id = (i % 3 == 0 ? "eu" : "shop-") + i;
            final List<String> hosts = new ArrayList<>();
            hosts.add("www.brand-" + i + ".example");
            if (i % 5 == 0) {
                // A custom host under a platform domain whose label is no shop's id.
                hosts.add("promo-" + i + '.' + platforms[i % 2]);
            }
            if (i % 7 == 0) {
                hosts.add("brand-" + i + ".shops.example.com");
            }
            shops.add(shop(id, hosts.toArray(String[]::new)));
            known.add(id);
            known.addAll(hosts);
        }
        shops.add(shop("eu"));
        known.add("eu");
        final RoutingSnapshot snap = build(Fixtures.state().platformDomains(platforms)
                                                   .shopsets(shopSet("prod-a", "dc-a"), shopSet("prod-b", "dc-b"))
                                                   .shops(shops));
        final String[] suffixes = {".shops.test", ".eu.shops.test", ".shops.example", ".example", ".shops.test.evil",
                                   ".shops.example.com", ""};
        int found = 0;
        for (int q = 0; q < 50_000; q++) {
            String host = known.get(rnd.nextInt(known.size()));
            switch (rnd.nextInt(4)) {
                case 0 -> host = host + suffixes[rnd.nextInt(suffixes.length)];
                case 1 -> host = "x" + host;
                default -> {
                }
            }
            host = mangle(host, rnd);
            final ShopRoute expected = exactThenPlatform(snap, host, platforms);
            final ShopRoute actual = snap.resolve(host);
            assertThat(actual).as(host).isSameAs(expected);
            found += actual != null ? 1 : 0;
        }
        assertThat(found).as("the queries hit as well as miss").isBetween(10_000, 40_000);
    }

    /** Random ASCII case, sometimes a trailing dot, sometimes a port. */
    private static String mangle(String host, Random rnd) {
        final StringBuilder sb = new StringBuilder(host.length() + 6);
        for (int i = 0; i < host.length(); i++) {
            final char c = host.charAt(i);
            sb.append(rnd.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        if (rnd.nextInt(4) == 0) {
            sb.append('.');
        }
        if (rnd.nextInt(3) == 0) {
            sb.append(':').append(rnd.nextInt(65536));
        }
        return sb.toString();
    }

    private static ShopRoute exactThenPlatform(RoutingSnapshot snap, String host, String[] platforms) {
        final String h = HostNormalizer.normalize(host);
        final ShopRoute exact = snap.hostIndex().get(h);
        if (exact != null) {
            return exact;
        }
        for (String pd : platforms) {
            final String suffix = '.' + pd.toLowerCase(Locale.ROOT);
            if (h.length() > suffix.length() && h.endsWith(suffix)) {
                final ShopRoute byId = snap.idIndex().get(h.substring(0, h.length() - suffix.length()));
                if (byId != null) {
                    return byId;
                }
            }
        }
        return null;
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
