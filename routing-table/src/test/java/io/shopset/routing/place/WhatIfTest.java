package io.shopset.routing.place;

import static io.shopset.routing.Fixtures.dedicated;
import static io.shopset.routing.Fixtures.isolatedShop;
import static io.shopset.routing.Fixtures.placedShop;
import static io.shopset.routing.Fixtures.shopSet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shopset.routing.Fixtures;
import io.shopset.routing.model.RoutingState;

class WhatIfTest {

    /**
     * a1, a2, vip (dedicated) in dc-a; b1 in dc-b; c1 in dc-c. Shops: s1 [a1, b1] 10 rps, s2 [b1, a2]
     * 20 rps, s3 [a1] 5 rps, s4 [c1, a2] 1 rps, s5 isolated on vip (fallback [a1, b1]) 100 rps, s6
     * [a2, c1] no rate.
     */
    static final RoutingState STATE = Fixtures.state()
            .shopsets(shopSet("a1", "dc-a"), shopSet("a2", "dc-a"), dedicated("vip", "dc-a"), shopSet("b1", "dc-b"),
                      shopSet("c1", "dc-c"))
            .shops(placedShop("s1", List.of("a1", "b1")), placedShop("s2", List.of("b1", "a2")),
                   placedShop("s3", List.of("a1")), placedShop("s4", List.of("c1", "a2")),
                   isolatedShop("s5", "vip", List.of("a1", "b1")), placedShop("s6", List.of("a2", "c1")))
            .build();
    static final Map<String, Double> RATES = Map.of("s1", 10.0, "s2", 20.0, "s3", 5.0, "s4", 1.0, "s5", 100.0);

    @Test
    void losingAFailureDomain() {
        final WhatIf.Result r = WhatIf.of(STATE, Map.of(), WhatIf.shopSetsIn(STATE, "dc-a"), RATES);

        assertThat(r.failed()).containsExactly("a1", "a2", "vip");
        assertThat(r.loseEveryReplica()).containsExactly("s3");
        assertThat(r.leftOnOne()).containsExactly("s1", "s2", "s4", "s5", "s6");
        assertThat(r.load()).containsExactly(new WhatIf.Load("b1", "dc-b", 20, 130, 1, 3),
                                             new WhatIf.Load("c1", "dc-c", 1, 1, 1, 2));
    }

    @Test
    void losingOneShopSet() {
        final WhatIf.Result r = WhatIf.of(STATE, Map.of(), java.util.Set.of("b1"), RATES);

        assertThat(r.loseEveryReplica()).isEmpty();
        assertThat(r.leftOnOne()).containsExactly("s1", "s2");
        assertThat(r.load()).containsExactly(new WhatIf.Load("a1", "dc-a", 15, 15, 2, 2),
                                             new WhatIf.Load("a2", "dc-a", 0, 20, 1, 2),
                                             new WhatIf.Load("vip", "dc-a", 100, 100, 1, 1),
                                             new WhatIf.Load("c1", "dc-c", 1, 1, 1, 1));
    }

    @Test
    void aDrainingShopSetIsNeitherACandidateNorListed() {
        final RoutingState drained = DrainPlanner.withDraining(STATE, java.util.Set.of("c1"), true);
        final WhatIf.Result r = WhatIf.of(drained, Map.of(), java.util.Set.of("a2"), RATES);
        assertThat(r.loseEveryReplica()).containsExactly("s4", "s6");
        assertThat(r.load()).extracting(WhatIf.Load::shopSet).containsExactly("a1", "vip", "b1");
    }
}
