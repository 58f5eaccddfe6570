package io.shopset.routing.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostNormalizerTest {

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "alpha.shops.test            | alpha.shops.test",
            "WWW.Alpha.Example           | www.alpha.example",
            "www.alpha.example:8080      | www.alpha.example",
            "www.alpha.example.          | www.alpha.example",
            "WWW.Alpha.Example.:8080     | www.alpha.example",
            "'  alpha.shops.test\t'      | alpha.shops.test",
            "alpha.shops.test:           | alpha.shops.test",
            "10.0.0.1:80                 | 10.0.0.1",
            "10.0.0.1                    | 10.0.0.1",
            "[::1]:8080                  | [::1]",
            "[2001:DB8::1]               | [2001:db8::1]",
            "[2001:db8::1]:443           | [2001:db8::1]",
            "''                          | ''",
    })
    void lowerCasesAndRemovesPortAndTrailingDot(String host, String expected) {
        assertThat(HostNormalizer.normalize(host)).isEqualTo(expected);
    }

    @Test
    void rangeMarksTheNormalisedPartWithoutCopying() {
        final String raw = " Shop.Test.:8443";
        final long r = HostNormalizer.range(raw);

        assertThat(raw.substring(HostNormalizer.start(r), HostNormalizer.end(r))).isEqualTo("Shop.Test");
    }

    @Test
    void removesOnlyOneTrailingDot() {
        assertThat(HostNormalizer.normalize("a.test..")).isEqualTo("a.test.");
    }
}
