package io.shopset.routing.place;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.ShopSet;

/**
 * {@link Placer#place} (an insertion sort of ints, scores from the id's hash prefix) chooses what
 * the version before it chose (boxed indices sorted with a comparator, the id hashed with each
 * ShopSet name, a set of taken domains), kept here as the oracle: random ShopSets with equal
 * names, equal capacities and missing domains, random replicas and excluded domains.
 */
class PlacerOrderTest {

    @Test
    void placeChoosesWhatTheComparatorSortChose() {
        int ties = 0;
        for (long seed = 0; seed < 20_000; seed++) {
            // Consecutive seeds give java.util.Random correlated first draws: spread them.
            final Random rnd = new Random(new SplittableRandom(seed).nextLong());
            final List<ShopSet> eligible = new ArrayList<>();
            for (int i = rnd.nextInt(14); i > 0; i--) {
                final String name = "set-" + rnd.nextInt(10);
                final String domain = rnd.nextInt(10) == 0 ? null : "dc-" + rnd.nextInt(4);
                eligible.add(new ShopSet(name, "prod", "production", domain, false,
                                         List.of(new Endpoint("127.0.0.1", 9000)), null,
                                         rnd.nextInt(5) == 0 ? 0.0 : 1 + rnd.nextInt(3), false));
            }
            final Set<String> excluded = new HashSet<>();
            for (int i = rnd.nextInt(3); i > 0; i--) {
                excluded.add("dc-" + rnd.nextInt(4));
            }
            final String id = "shop-" + rnd.nextInt(1000);
            final int replicas = rnd.nextInt(5);
            final List<String> expected = oldPlace(id, eligible, replicas, excluded);
            assertThat(Placer.place(id, eligible, replicas, excluded)).as("seed %d", seed).isEqualTo(expected);
            if (excluded.isEmpty()) {
                assertThat(Placer.place(id, eligible, replicas)).as("seed %d", seed).isEqualTo(expected);
            }
            ties += new HashSet<>(eligible.stream().map(ShopSet::name).toList()).size() < eligible.size() ? 1 : 0;
        }
        assertThat(ties).as("states with two ShopSets of one name (equal scores)").isGreaterThan(1_000);
    }

    @Test
    void hashPrefixGivesTheSameHash() {
        final Random rnd = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            final String a = "shop-" + rnd.nextInt();
            final String b = "set-\u00e9" + rnd.nextInt(100);
            assertThat(Hashing.hash64(Hashing.prefix(a), b)).isEqualTo(Hashing.hash64(a, b));
        }
    }

    @Test
    void hashesEveryCharLowByteThenHighByteAsBefore() {
        final Random rnd = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            final StringBuilder a = new StringBuilder();
            final StringBuilder b = new StringBuilder();
            for (int k = rnd.nextInt(30); k > 0; k--) {
                a.append((char) (rnd.nextInt(4) == 0 ? rnd.nextInt(0x10000) : rnd.nextInt(0x100)));
                b.append((char) (rnd.nextInt(8) == 0 ? 0x100 + rnd.nextInt(0xff00) : 'a' + rnd.nextInt(26)));
            }
            assertThat(Hashing.hash64(a, b)).isEqualTo(twoStepHash(a, b));
            assertThat(Hashing.hash64(a, 0, a.length())).isEqualTo(Hashing.mix(twoStepFnv(0xcbf29ce484222325L, a)));
        }
        // Values the previous release computed: placements and endpoint picks must not move.
        assertThat(Hashing.hash64("shop-1", "prod-a0")).isEqualTo(0xdcaa177fcdf77180L);
        assertThat(Hashing.hash64("\u00e9t\u20ac", 0, 3)).isEqualTo(0x512a8819facfaa56L);
    }

    /** FNV-1a over each char's low byte then high byte, two multiplications per char, as it was written. */
    private static long twoStepFnv(long h, CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            h = (h ^ (c & 0xff)) * 0x100000001b3L;
            h = (h ^ (c >>> 8)) * 0x100000001b3L;
        }
        return h;
    }

    private static long twoStepHash(CharSequence a, CharSequence b) {
        long h = twoStepFnv(0xcbf29ce484222325L, a);
        h = (h ^ 0x1f) * 0x100000001b3L;
        return Hashing.mix(twoStepFnv(h, b));
    }

    private static List<String> oldPlace(String shopId, List<ShopSet> eligible, int replicas,
                                         Set<String> excludedDomains) {
        final int n = eligible.size();
        final double[] scores = new double[n];
        final Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            final ShopSet s = eligible.get(i);
            final long h = Hashing.hash64(shopId, s.name());
            final double u = ((h >>> 11) + 0.5) * 0x1.0p-53;
            scores[i] = Math.max(s.capacity(), 1e-9) / -Math.log(u);
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            final int c = Double.compare(scores[b], scores[a]);
            return c != 0 ? c : eligible.get(a).name().compareTo(eligible.get(b).name());
        });
        final List<String> chosen = new ArrayList<>(replicas);
        final Set<String> domains = new HashSet<>(excludedDomains);
        for (int i = 0; i < n && chosen.size() < replicas; i++) {
            final ShopSet s = eligible.get(order[i]);
            if (domains.add(s.failureDomain())) {
                chosen.add(s.name());
            }
        }
        return chosen;
    }
}
