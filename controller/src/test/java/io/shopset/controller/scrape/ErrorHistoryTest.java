package io.shopset.controller.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.shopset.controller.reconcile.ErrorGate.ErrorRatio;

/** Ratios over windows from counter increases, across gateways and restarts. */
class ErrorHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void ratioComesFromIncreasesInsideTheWindowOnly() {
        ErrorHistory h = ErrorHistory.EMPTY;
        h = h.with("g1", scrape(0, "beta", 100, 10), T0);      // before the window: its baseline
        h = h.with("g1", scrape(60, "beta", 200, 10), T0);     // +100 ok
        h = h.with("g1", scrape(120, "beta", 300, 30), T0);    // +80 ok, +20 5xx
        h = h.with("g1", scrape(180, "beta", 1300, 30), T0);   // after the window: not counted

        final ErrorRatio r = h.ratio("beta", at(30), at(150));

        assertThat(r.requests()).isEqualTo(200);
        assertThat(r.errors()).isEqualTo(20);
        assertThat(r.value()).isEqualTo(0.1);
        assertThat(r.from()).isEqualTo(at(0));
        assertThat(r.to()).isEqualTo(at(120));
        assertThat(r.describe()).isEqualTo("10.00% (20 of 200 requests from 1 gateway)");
        assertThat(h.ratio("prod", at(30), at(150))).as("a tier without traffic: known, zero")
                                                   .isEqualTo(new ErrorRatio(0, 0, 1, at(0), at(120)));
    }

    @Test
    void countersThatWentDown_countFromZero_andGatewaysAddUp() {
        ErrorHistory h = ErrorHistory.EMPTY;
        h = h.with("g1", scrape(0, "beta", 100, 0), T0);
        h = h.with("g2", scrape(0, "beta", 50, 5), T0);
        h = h.with("g1", scrape(60, "beta", 20, 4), T0);       // g1 restarted: 20 answers, 4 of them 5xx
        h = h.with("g2", scrape(60, "beta", 130, 5), T0);

        final ErrorRatio r = h.ratio("beta", at(0), at(60));

        assertThat(r.gateways()).isEqualTo(2);
        assertThat(r.requests()).isEqualTo(20 + 80);
        assertThat(r.errors()).isEqualTo(4);
    }

    @Test
    void noRatioWithoutTwoScrapesInTheWindow() {
        ErrorHistory h = ErrorHistory.EMPTY;
        assertThat(h.ratio("beta", at(0), at(60))).isNull();
        h = h.with("g1", scrape(0, "beta", 100, 0), T0);
        assertThat(h.ratio("beta", at(0), at(60))).isNull();
        h = h.with("g1", scrape(90, "beta", 200, 0), T0);
        assertThat(h.ratio("beta", at(0), at(60))).as("the second scrape is after the window").isNull();
        assertThat(h.ratio("beta", at(30), at(120))).isNotNull();
    }

    @Test
    void oldScrapesAreDroppedButTheLastOneBeforeTheCutKeepsAWindowsStart() {
        ErrorHistory h = ErrorHistory.EMPTY;
        for (int s = 0; s <= 600; s += 60) {
            h = h.with("g1", scrape(s, "beta", s, 0), at(s - 300));
        }
        assertThat(h.scrapes("g1")).isEqualTo(6);   // 300 (at the cut: the start of a window there) to 600
        h = h.with("g2", scrape(1000, "beta", 1, 0), at(700));
        assertThat(h.gateways()).as("g1 was not scraped since the cut").containsExactly("g2");
    }

    private static ErrorHistory.Scrape scrape(int seconds, String tier, int requests, int errors) {
        final String text = """
                # TYPE shopset_requests_total counter
                shopset_requests_total{code_class="2xx",failure_domain="dc-a",shopset="%1$s-a",tier="%1$s"} %2$d.0
                shopset_requests_total{code_class="5xx",failure_domain="dc-a",shopset="%1$s-a",tier="%1$s"} %3$d.0
                shopset_requests_total{code_class="2xx",failure_domain="dc-a",shopset="other",tier="other"} 999.0
                """.formatted(tier, requests - errors, errors);
        return ErrorHistory.Scrape.parse(text, at(seconds));
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }
}
