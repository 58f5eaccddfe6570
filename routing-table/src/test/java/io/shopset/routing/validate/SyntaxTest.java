package io.shopset.routing.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import org.junit.jupiter.api.Test;

/**
 * {@link Syntax} accepts exactly what the regular expressions it replaced accepted. The
 * expressions are kept here as the oracle and compared with the checker over random strings (25,000 a run) built
 * to reach the edges: label and host lengths around 63 and 253, {@code -} and {@code _} at either
 * end of a label, empty labels, upper case, line terminators, non-ASCII.
 */
class SyntaxTest {

    /** The name rule as {@code RoutingValidator} had it. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** The host rule as {@code RoutingValidator} had it. */
    private static final Pattern HOST =
            Pattern.compile("(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*");

    /** Mostly the chars the rules are about, now and then one they refuse. */
    private static Arbitrary<Character> chars() {
        return Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.chars().range('a', 'z')),
                Tuple.of(8, Arbitraries.chars().range('0', '9')),
                Tuple.of(6, Arbitraries.of('-', '_')),
                Tuple.of(1, Arbitraries.of('A', 'Z', ':', ' ', '\n', '\r', '\u0085', '\u2028',
                                                         '/', '*', '\u00e9', '\u212a', '\u0000', '{', '`')));
    }

    /** A label of 0 to 70 chars: lengths 62 to 64 come up often. */
    private static Arbitrary<String> labels() {
        final Arbitrary<Integer> length = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, 4)),
                Tuple.of(2, Arbitraries.integers().between(5, 61)),
                Tuple.of(3, Arbitraries.integers().between(62, 64)),
                Tuple.of(1, Arbitraries.integers().between(65, 70)));
        return length.flatMap(n -> chars().list().ofSize(n)).map(SyntaxTest::join);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(labels(), chars().list().ofMaxSize(80).map(SyntaxTest::join));
    }

    @Provide
    Arbitrary<String> hosts() {
        // Few labels (short hosts) or many long ones (hosts around 253 chars), '.' between them.
        final Arbitrary<String> joined = Arbitraries.integers().between(1, 8).flatMap(
                k -> labels().list().ofSize(k).map(l -> String.join(".", l)));
        final Arbitrary<String> nearLimit = Arbitraries.integers().between(240, 262).flatMap(
                total -> labels().list().ofMinSize(4).ofMaxSize(12)
                                 .map(l -> fit(String.join(".", l), total)));
        final Arbitrary<String> anyChars = Arbitraries.frequencyOf(
                        Tuple.of(9, chars()), Tuple.of(2, Arbitraries.just('.')))
                .list().ofMaxSize(40).map(SyntaxTest::join);
        return Arbitraries.oneOf(joined, nearLimit, anyChars);
    }

    @Property(tries = 10_000)
    void nameCheckAcceptsExactlyWhatTheRegexAccepted(@ForAll("names") String s) {
        final boolean expected = NAME.matcher(s).matches();
        Statistics.label("valid").collect(expected);
        Statistics.label("valid").coverage(c -> c.check(true).percentage(p -> p > 10));
        Statistics.label("valid").coverage(c -> c.check(false).percentage(p -> p > 10));
        assertThat(Syntax.isName(s)).as("isName(\"%s\")", s).isEqualTo(expected);
    }

    @Property(tries = 15_000)
    void hostCheckAcceptsExactlyWhatTheRegexAccepted(@ForAll("hosts") String s) {
        final boolean expected = HOST.matcher(s).matches();
        Statistics.label("valid").collect(expected);
        Statistics.label("valid").coverage(c -> c.check(true).percentage(p -> p > 5));
        Statistics.label("valid").coverage(c -> c.check(false).percentage(p -> p > 10));
        Statistics.label("length").collect(s.length() < 240 ? "short" : s.length() <= 253 ? "240-253" : "over 253");
        Statistics.label("length").coverage(c -> c.check("240-253").percentage(p -> p > 5));
        assertThat(Syntax.isHost(s)).as("isHost(\"%s\")", s).isEqualTo(expected);
    }

    @Test
    void edgeCasesAgreeWithTheRegex() {
        final String l63 = "a".repeat(63);
        final String l64 = "a".repeat(64);
        // 4 labels of 63 and a 1-char one: 4 * 64 + 1 = 257; of 62: 253 and 254.
        final String h253 = String.join(".", "b".repeat(62), "c".repeat(62), "d".repeat(62), "e".repeat(62), "f");
        final String[] cases = {"", "a", "-", "_", "a-", "-a", "a_", "_a", "a-b", "a_b", "0", "9z", l63, l64,
                                l63 + "." + l63, l64 + ".a", "a.", ".a", "a..b", ".", "a.-b", "a.b-", "a._", "_._",
                                "a._b", "a.b_", "A", "a\n", "a\nb", "\u212aa", "www.example.com", h253, h253 + "x",
                                h253.substring(1), "_x.example", "x_.example", "xn--bcher-kva.example"};
        for (String s : cases) {
            assertThat(Syntax.isName(s)).as("isName(\"%s\")", s).isEqualTo(NAME.matcher(s).matches());
            assertThat(Syntax.isHost(s)).as("isHost(\"%s\")", s).isEqualTo(HOST.matcher(s).matches());
        }
        assertThat(h253).hasSize(253);
        assertThat(Syntax.isHost(h253)).isTrue();
        assertThat(Syntax.isHost(h253 + "x")).isFalse();
        assertThat(Syntax.isName(l63)).isTrue();
        assertThat(Syntax.isName(l64)).isFalse();
    }

    private static String fit(String s, int length) {
        if (s.length() >= length) {
            return s.substring(0, length);
        }
        return s + "a".repeat(length - s.length());
    }

    private static String join(List<Character> chars) {
        final StringBuilder b = new StringBuilder(chars.size());
        chars.forEach(b::append);
        return b.toString();
    }
}
