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

    @Test
    void lowerCasesEveryCharOfEachLaneAsCharacterLowerCaseDoesForAsciiAndLeavesTheRestAlone() {
        for (int c = 0; c <= 0xffff; c++) {
            final long expected = c >= 'A' && c <= 'Z' ? c + 32 : c;
            for (int lane = 0; lane < 4; lane++) {
                // The other lanes hold chars next to 'A'..'Z' or with high bits set, which must not
                // change (nor carry into this lane).
                final long[] fill = {'@', '[', 0x00c1, 0x8041};
                long others = 0;
                for (int k = 0; k < 4; k++) {
                    if (k != lane) {
                        others |= fill[(lane + k) % 4] << 16 * k;
                    }
                }
                final long w = others | (long) c << 16 * lane;
                final long lowered = HostTable.lower4(w);
                assertThat(lowered >>> 16 * lane & 0xffff).as("char %04x in lane %d", c, lane).isEqualTo(expected);
                assertThat(lowered & ~(0xffffL << 16 * lane)).as("the other lanes").isEqualTo(others);
            }
        }
    }

    @Test
    void hashesARangeTheSameWhateverItsAsciiCaseAndWhereverItLies() {
        final Random rnd = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            final String key = randomHost(rnd) + (rnd.nextBoolean() ? "" : '.' + randomHost(rnd));
            final StringBuilder mixed = new StringBuilder("Pre.");
            for (int i = 0; i < key.length(); i++) {
                mixed.append(rnd.nextBoolean() ? Character.toUpperCase(key.charAt(i)) : key.charAt(i));
            }
            mixed.append(":8443");
            assertThat(HostTable.hash(mixed, 4, 4 + key.length())).as(mixed.toString()).isEqualTo(HostTable.hash(key, 0, key.length()));
        }
    }

    @Test
    void findsKeysOfEveryLengthByRangesOfMixedCaseText() {
        final Map<String, Integer> entries = new HashMap<>();
        final String chars = "abcdefghijklmnopqrstuvwxyz0123456789-.";
        for (int len = 1; len <= chars.length(); len++) {
            entries.put(chars.substring(0, len), len);
            entries.put(chars.substring(chars.length() - len, chars.length()).replace('.', 'q'), -len);
        }
        final HostTable<Integer> table = new HostTable<>(entries);

        entries.forEach((k, v) -> {
            assertThat(table.get(k)).as(k).isEqualTo(v);
            final String upper = "X" + k.toUpperCase(Locale.ROOT) + ":80";
            assertThat(table.get(upper, 1, 1 + k.length())).as(upper).isEqualTo(v);
            assertThat(table.get(k + "!")).isNull();
            assertThat(table.get(k.substring(1))).isEqualTo(entries.get(k.substring(1)));
        });
    }
}
