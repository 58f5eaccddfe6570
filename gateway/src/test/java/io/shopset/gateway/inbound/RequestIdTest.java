package io.shopset.gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class RequestIdTest {

    @Test
    void readsAsTheTwoLongsInHexHighFirst() {
        final RequestId id = new RequestId(0x0123456789abcdefL, 0xfedcba9876543210L);
        assertThat(id.toString()).isEqualTo("0123456789abcdeffedcba9876543210");
        assertThat(id.length()).isEqualTo(32);
        assertThat(id.charAt(0)).isEqualTo('0');
        assertThat(id.charAt(15)).isEqualTo('f');
        assertThat(id.charAt(16)).isEqualTo('f');
        assertThat(id.charAt(31)).isEqualTo('0');
        assertThat(id.subSequence(14, 18).toString()).isEqualTo("effe");
    }

    @Test
    void everyCharacterAgreesWithZeroPaddedHex() {
        final SplittableRandom r = new SplittableRandom(5);
        for (int n = 0; n < 10_000; n++) {
            final long high = r.nextLong();
            final long low = n % 7 == 0 ? 0 : r.nextLong();
            final String expected = String.format("%016x%016x", high, low);
            final RequestId id = new RequestId(high, low);
            for (int i = 0; i < 32; i++) {
                assertThat(id.charAt(i)).as("%s at %d", expected, i).isEqualTo(expected.charAt(i));
            }
            assertThat(id.toString()).isEqualTo(expected);
        }
    }

    @Test
    void anIndexOutsideTheIdIsRefused() {
        final RequestId id = new RequestId(1, 2);
        assertThatThrownBy(() -> id.charAt(32)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> id.charAt(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void generatedIdsAreSaneAndDistinct() {
        final Set<String> seen = new HashSet<>();
        for (int n = 0; n < 10_000; n++) {
            final CharSequence id = RequestId.random();
            assertThat(id.toString()).matches("[0-9a-f]{32}");
            assertThat(ForwardedHeaders.saneRequestId(id)).isTrue();
            seen.add(id.toString());
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void equalWhenTheBitsAre() {
        assertThat(new RequestId(3, 4)).isEqualTo(new RequestId(3, 4)).hasSameHashCodeAs(new RequestId(3, 4))
                                       .isNotEqualTo(new RequestId(4, 3));
    }
}
