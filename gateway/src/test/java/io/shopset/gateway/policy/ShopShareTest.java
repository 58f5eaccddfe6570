package io.shopset.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ShopShareTest {

    @Test
    void overItsLimitEachReplicaGetsItsDemandsProportion() {
        final double[] demands = {1500, 500};
        double sum = 0;
        for (double d : demands) {
            sum += new ShopShare(d, 2000, 2).localRate(100);
        }
        assertThat(sum).isCloseTo(100, within(1e-9));
        assertThat(new ShopShare(1500, 2000, 2).localRate(100)).isCloseTo(75, within(1e-9));
        assertThat(new ShopShare(500, 2000, 2).localRate(100)).isCloseTo(25, within(1e-9));
    }

    @Test
    void underItsLimitEachReplicaGetsItsDemandAndAnEqualPartOfTheHeadroom() {
        // Three replicas with 10, 20 and 30 req/s of a shop limited to 120: 60 of headroom, 20 each.
        final double[] demands = {10, 20, 30};
        double sum = 0;
        for (double d : demands) {
            final double rate = new ShopShare(d, 60, 3).localRate(120);
            assertThat(rate).isCloseTo(d + 20, within(1e-9));
            sum += rate;
        }
        assertThat(sum).isCloseTo(120, within(1e-9));
    }

    @Test
    void aLimitChangedInTheRoutingTableAppliesToTheSameShare() {
        final ShopShare s = new ShopShare(30, 60, 2);
        assertThat(s.localRate(100)).isCloseTo(50, within(1e-9));
        assertThat(s.localRate(40)).isCloseTo(20, within(1e-9));
    }

    @Test
    void refusesAShareThatCannotBe() {
        assertThatThrownBy(() -> new ShopShare(10, 5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShopShare(-1, 5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShopShare(1, 5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShopShare(Double.NaN, 5, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
