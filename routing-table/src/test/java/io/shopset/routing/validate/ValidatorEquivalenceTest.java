package io.shopset.routing.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.shopset.routing.config.ConfigError;
import io.shopset.routing.model.DefaultLimits;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.FailureDomain;
import io.shopset.routing.model.Limits;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.model.Tier;

/**
 * {@link RoutingValidator#validate} gives exactly the errors, in exactly the order, that the
 * validator it replaced gave ({@link LegacyRoutingValidator}, kept here as the oracle: regular
 * expressions, a map key per shop and platform domain, a map and a set per placement). Over
 * random small states full of what the rewrite had to get right: ids that are not names but
 * still own a platform subdomain, ids listed twice or missing, custom hosts equal to an earlier
 * or a later shop's platform subdomain (of either platform domain, which overlap), hosts listed
 * twice by one shop or written in upper case, with a port or a trailing dot, invalid hosts, and
 * explicit placements short and long with unknown, repeated, same-domain, dedicated and
 * wrong-configuration ShopSets.
 */
class ValidatorEquivalenceTest {

    private static final String[] SETS = {"prod-a1", "prod-a2", "prod-b1", "prod-b2", "prod-c1", "stg-a", "vip-1",
                                          "ghost", "nodomain"};

    @Test
    void validateGivesTheOldValidatorsErrorsInItsOrder() {
        int withErrors = 0;
        int platformClashes = 0;
        for (long seed = 0; seed < 4_000; seed++) {
            // Consecutive seeds give java.util.Random correlated first draws: spread them.
            final Random rnd = new Random(new SplittableRandom(seed).nextLong());
            final RoutingState state = state(rnd);
            final List<String> expected = strings(LegacyRoutingValidator.validate(state));
            assertThat(strings(RoutingValidator.validate(state))).as("seed %d", seed).isEqualTo(expected);
            withErrors += expected.isEmpty() ? 0 : 1;
            platformClashes += expected.stream().anyMatch(e -> e.contains("duplicate host \"") && e.contains(".t"))
                    ? 1 : 0;
        }
        // The comparison is only worth something if both valid and invalid states came up often.
        assertThat(withErrors).isBetween(400, 3_600);
        assertThat(platformClashes).isGreaterThan(200);
    }

    @Test
    void hostsOfEqualHashAreToldApartAndRepeatsStillFound() {
        // "ap" and "c2" have the same String hash, so do all 16 hosts made of four such blocks.
        final List<String> colliding = new ArrayList<>();
        for (int m = 0; m < 16; m++) {
            final StringBuilder b = new StringBuilder();
            for (int k = 0; k < 4; k++) {
                b.append((m >> k & 1) == 0 ? "ap" : "c2");
            }
            colliding.add(b + ".example");
        }
        assertThat(colliding.stream().map(String::hashCode).distinct()).hasSize(1);
        for (int n : new int[] {2, 8, 9, 16}) {
            final List<Shop> shops = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                shops.add(new Shop("s" + i, List.of(colliding.get(i)), null, null, null, null, null));
            }
            final RoutingState valid = withShops(new Random(n), shops, false);
            assertThat(RoutingValidator.validate(valid)).as("%d hosts of one hash", n).isEmpty();
            shops.add(new Shop("t", List.of(colliding.get(n - 1).toUpperCase()), null, null, null, null, null));
            final RoutingState repeated = withShops(new Random(n), shops, false);
            assertThat(strings(RoutingValidator.validate(repeated))).as("%d hosts of one hash", n)
                    .isEqualTo(strings(LegacyRoutingValidator.validate(repeated)))
                    .containsExactly("shops[" + n + "].hosts[0]: duplicate host \"" +
                                     colliding.get(n - 1).toUpperCase() + "\" (already used by shop \"s" + (n - 1) +
                                     "\")");
        }
    }

    private static List<String> strings(List<ConfigError> errors) {
        return errors.stream().map(ConfigError::toString).toList();
    }

    private static RoutingState state(Random rnd) {
        return rnd.nextInt(4) == 0 ? clean(rnd) : messy(rnd);
    }

    /** Mostly a valid state: unique ids and hosts, placements across domains. */
    private static RoutingState clean(Random rnd) {
        final int n = 1 + rnd.nextInt(20);
        final List<Shop> shops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final List<String> hosts = new ArrayList<>();
            for (int h = rnd.nextInt(3); h > 0; h--) {
                hosts.add("www" + i + '-' + h + (rnd.nextBoolean() ? ".example" : ".EXAMPLE."));
            }
            if (rnd.nextInt(40) == 0) {
                hosts.add("s" + rnd.nextInt(n) + ".shops.t");
            }
            final List<String> explicit = rnd.nextBoolean() ? null
                    : pick(rnd, List.of("prod-a1", "prod-b2"), List.of("prod-c1", "prod-a2", "prod-b1"), List.of("vip-1"));
            shops.add(new Shop("s" + i, hosts, null, null, explicit, null, null));
        }
        return withShops(rnd, shops, false);
    }

    private static RoutingState messy(Random rnd) {
        final int n = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 40 : 8);
        final List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(rnd.nextInt(8) == 0 ? oddId(rnd, i) : "s" + rnd.nextInt(2 * n));
        }
        final List<Shop> shops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final List<String> hosts = new ArrayList<>();
            for (int h = rnd.nextInt(4); h > 0; h--) {
                hosts.add(host(rnd, ids));
            }
            final List<String> explicit = rnd.nextInt(3) == 0 ? null : placement(rnd);
            final String configuration = rnd.nextInt(12) == 0 ? pick(rnd, "staging", "Bad", "") : null;
            final String tier = rnd.nextInt(10) == 0 ? pick(rnd, "dev", "prod", "gold") : null;
            final Limits limits = rnd.nextInt(15) == 0 ? new Limits(pick(rnd, 1.0, -1.0), pick(rnd, 1, 0), null) : null;
            final List<String> remembered = rnd.nextInt(15) == 0 ? placement(rnd) : null;
            shops.add(new Shop(ids.get(i), hosts, configuration, tier, explicit, limits, remembered));
        }
        return withShops(rnd, shops, true);
    }

    private static RoutingState withShops(Random rnd, List<Shop> shops, boolean messy) {
        final List<ShopSet> sets = new ArrayList<>();
        int port = 9000;
        for (String[] s : new String[][] {{"prod-a1", "dc-a"}, {"prod-a2", "dc-a"}, {"prod-b1", "dc-b"},
                                          {"prod-b2", "dc-b"}, {"prod-c1", "dc-c"}}) {
            sets.add(new ShopSet(s[0], "prod", "production", s[1], false, List.of(new Endpoint("127.0.0.1", port++)),
                                 null, 1.0, messy && rnd.nextInt(6) == 0));
        }
        sets.add(new ShopSet("stg-a", "dev", "staging", "dc-a", false, List.of(new Endpoint("127.0.0.1", port++)),
                             null, 1.0, false));
        sets.add(new ShopSet("vip-1", "prod", "production", "dc-c", true, List.of(new Endpoint("127.0.0.1", port++)),
                             null, 1.0, false));
        if (messy) {
            sets.add(new ShopSet("nodomain", "prod", "production", null, false,
                                 List.of(new Endpoint("127.0.0.1", port++)), null, 1.0, false));
        }
        final List<String> platformDomains = switch (rnd.nextInt(5)) {
            case 0 -> List.of("shops.t");
            case 1 -> List.of("shops.t", "t");
            case 2 -> List.of("t", "Shops.T.", "shops.t");
            case 3 -> List.of("b.shops.t", "shops.t");
            default -> List.of();
        };
        return new RoutingState(platformDomains, 2, List.of(new Tier("dev", 0), new Tier("prod", 30)),
                                List.of(new FailureDomain("dc-a"), new FailureDomain("dc-b"),
                                        new FailureDomain("dc-c")),
                                sets, shops, DefaultLimits.DEFAULT);
    }

    /** An id the name rule refuses (or none), some of them valid host labels or several labels. */
    private static String oddId(Random rnd, int i) {
        return pick(rnd, null, "", "S" + i, "a_b", "a.b", "b.s1", "x-", "-x", "q".repeat(64), "s1.shops", "s" + i + '_');
    }

    private static String host(Random rnd, List<String> ids) {
        final String id = ids.get(rnd.nextInt(ids.size()));
        final String any = id == null ? "null" : id;
        return switch (rnd.nextInt(10)) {
            case 0, 1 -> any + ".shops.t";
            case 2 -> any + ".t";
            case 3 -> any.toUpperCase() + ".Shops.T.:8080";
            case 4 -> "s" + rnd.nextInt(6) + ".shops.t";
            case 5 -> pick(rnd, "bad_.example", "-x.example", "a..b", "x:1:2", "", " ", "ok.example:99");
            case 6 -> "b." + any + ".shops.t";
            default -> "www" + rnd.nextInt(6) + (rnd.nextBoolean() ? ".example" : ".EXAMPLE.");
        };
    }

    private static List<String> placement(Random rnd) {
        final List<String> out = new ArrayList<>();
        final int n = rnd.nextInt(6) == 0 ? rnd.nextInt(14) : 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            out.add(SETS[rnd.nextInt(rnd.nextInt(3) == 0 ? SETS.length : 5)]);
        }
        return out;
    }

    @SafeVarargs
    private static <T> T pick(Random rnd, T... values) {
        return values[rnd.nextInt(values.length)];
    }
}
