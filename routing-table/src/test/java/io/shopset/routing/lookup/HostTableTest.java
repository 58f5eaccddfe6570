package io.shopset.routing.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class HostTableTest {

    private static String randomHost(Random rnd) {
        final StringBuilder sb = new StringBuilder();
        final int labels = 1 + rnd.nextInt(3);
        for (int l = 0; l < labels; l++) {
            if (l > 0) {
                sb.append('.');
            }
            final int len = 1 + rnd.nextInt(12);
            for (int i = 0; i < len; i++) {
                sb.append("abcdefghijklmnopqrstuvwxyz0123456789-".charAt(rnd.nextInt(37)));
            }
        }
        return sb.toString();
    }

    @Test
    void findsEveryOneOfAHundredThousandRandomKeysAndNoAbsentKey() {
        final Random rnd = new Random(20240601);
        final Map<String, Integer> entries = new HashMap<>();
        while (entries.size() < 100_000) {
            entries.putIfAbsent(randomHost(rnd), entries.size());
        }
        final HostTable<Integer> table = new HostTable<>(entries);

        assertThat(table.size()).isEqualTo(100_000);
        for (Map.Entry<String, Integer> e : entries.entrySet()) {
            assertThat(table.get(e.getKey())).isEqualTo(e.getValue());
        }
        final Set<String> absent = new HashSet<>();
        while (absent.size() < 100_000) {
            final String h = randomHost(rnd);
            if (!entries.containsKey(h)) {
                absent.add(h);
            }
        }
        for (String h : absent) {
            assertThat(table.get(h)).as(h).isNull();
        }
    }

    @Test
    void comparesAsciiCaseInsensitively() {
        final HostTable<String> table = new HostTable<>(Map.of("www.alpha.example", "alpha"));

        assertThat(table.get("WWW.Alpha.EXAMPLE")).isEqualTo("alpha");
        assertThat(table.get("www.alpha.example".toUpperCase(Locale.ROOT))).isEqualTo("alpha");
        assertThat(table.get("www.alpha.exampl")).isNull();
        assertThat(table.get("www.alpha.examplex")).isNull();
    }

    @Test
    void looksUpARangeOfAnyCharSequence() {
        final HostTable<String> table = new HostTable<>(Map.of("alpha", "A", "beta.shops.test", "B"));
        final StringBuilder header = new StringBuilder("  Beta.Shops.Test:8080");

        assertThat(table.get(header, 2, 17)).isEqualTo("B");
        assertThat(table.get("alpha.shops.test", 0, 5)).isEqualTo("A");
        assertThat(table.get("alpha.shops.test", 0, 4)).isNull();
        assertThat(table.get("xalpha", 1, 6)).isEqualTo("A");
    }

    @Test
    void aBuilderKeepsTheLastValueOfAKeyPutTwiceAndGrowsPastItsExpectedSize() {
        final HostTable.Builder<Integer> b = HostTable.builder(1);
        for (int i = 0; i < 1000; i++) {
            b.put("host-" + i + ".example", i);
        }
        b.put("host-7.example", -7);
        final HostTable<Integer> table = b.build();

        assertThat(table.size()).isEqualTo(1000);
        assertThat(table.get("host-7.example")).isEqualTo(-7);
        assertThat(table.get("HOST-999.Example")).isEqualTo(999);
        assertThat(table.get("host-1000.example")).isNull();
    }

    @Test
    void anEmptyTableFindsNothing() {
        final HostTable<String> table = new HostTable<>(Map.of());

        assertThat(table.size()).isZero();
        assertThat(table.get("anything")).isNull();
        assertThat(table.get("")).isNull();
    }

    @Test
    void mergingChangesInsertsAndDeletesLikeAMapOverManyRounds() {
        final Object removed = new Object();
        for (long seed = 1; seed <= 5; seed++) {
            final Random rnd = new Random(seed);
            // A small key space: long probe runs, many deletions inside them, and growth.
            final int keys = 200 + rnd.nextInt(3000);
            final Map<String, Integer> ref = new HashMap<>();
            for (int i = 0; i < keys / 3; i++) {
                ref.put("k" + rnd.nextInt(keys) + ".example", i);
            }
            HostTable<Integer> table = new HostTable<>(ref);
            for (int round = 0; round < 60; round++) {
                final HostTable.Builder<Object> changes = HostTable.builder(16);
                final Map<String, Object> last = new HashMap<>();
                for (int c = rnd.nextInt(keys / 4 + 1); c >= 0; c--) {
                    final String k = "k" + rnd.nextInt(keys) + ".example";
                    final Object v = rnd.nextInt(5) < 2 ? removed : Integer.valueOf(rnd.nextInt());
                    changes.put(k, v);
                    last.put(k, v);
                }
                last.forEach((k, v) -> {
                    if (v == removed) {
                        ref.remove(k);
                    } else {
                        ref.put(k, (Integer) v);
                    }
                });
                table = table.merged(changes.build(), removed);
                assertThat(table.size()).isEqualTo(ref.size());
                for (int i = 0; i < keys; i++) {
                    final String k = "k" + i + ".example";
                    assertThat(table.get(k.toUpperCase(Locale.ROOT))).as(k).isEqualTo(ref.get(k));
                }
            }
            final Map<String, Integer> all = new HashMap<>();
            table.forEach(all::put);
            assertThat(all).isEqualTo(ref);
        }
    }
}
