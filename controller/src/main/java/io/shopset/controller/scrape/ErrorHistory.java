package io.shopset.controller.scrape;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.shopset.controller.reconcile.ErrorGate;

/**
 * The gateways' {@code shopset_requests_total} counters as scraped over time, per gateway.
 * Immutable: each scrape makes a new history ({@link #with}), which the reconcile reads without
 * locks.
 *
 * <p>A tier's 5xx share over a window comes from counter increases, as Prometheus'
 * {@code increase()} computes them: per gateway and per series (ShopSet, failure domain, status
 * class), the sum of the differences between consecutive scrapes, where a counter that went down
 * (the gateway restarted) counts from zero. The window starts at the last scrape at or before its
 * start (or the first scrape after it, when the history begins later) and ends at the last scrape
 * at or before its end; a gateway needs two scrapes in it to count.
 */
public final class ErrorHistory implements ErrorGate.ErrorRatios {

    /** The metric the gateways count answers in. */
    public static final String METRIC = "shopset_requests_total";

    /** An empty history. */
    public static final ErrorHistory EMPTY = new ErrorHistory(Map.of());

    /**
     * One series of {@link #METRIC}.
     *
     * @param tier  its {@code tier} label
     * @param key   its other labels, {@code shopset|failure_domain|code_class}
     * @param error whether {@code code_class} is {@code 5xx}
     */
    public record Series(String tier, String key, boolean error) {
    }

    /** One scrape of one gateway: every series' counter value. */
    public record Scrape(Instant at, Map<Series, Double> counters) {

        /**
         * Reads a gateway's {@code /metrics} text.
         *
         * @throws IllegalArgumentException when a sample line of {@link #METRIC} is malformed
         */
        public static Scrape parse(String text, Instant at) {
            final Map<Series, Double> counters = new HashMap<>();
            for (PrometheusText.Sample s : PrometheusText.samples(text, METRIC)) {
                final String tier = s.labels().get("tier");
                final String codeClass = s.labels().get("code_class");
                if (tier == null || codeClass == null || Double.isNaN(s.value())) {
                    continue;
                }
                final Series series = new Series(tier, s.labels().getOrDefault("shopset", "") + '|' +
                                                       s.labels().getOrDefault("failure_domain", "") + '|' + codeClass,
                                                 codeClass.equals("5xx"));
                counters.merge(series, s.value(), Double::sum);
            }
            return new Scrape(at, Map.copyOf(counters));
        }
    }

    private final Map<String, List<Scrape>> byGateway;

    private ErrorHistory(Map<String, List<Scrape>> byGateway) {
        this.byGateway = byGateway;
    }

    /**
     * This history with {@code scrape} of {@code gateway} added; scrapes older than
     * {@code keepFrom} are dropped, except each gateway's last one before it (a window's start), and
     * so are gateways not scraped since {@code keepFrom}.
     */
    public ErrorHistory with(String gateway, Scrape scrape, Instant keepFrom) {
        final Map<String, List<Scrape>> next = new HashMap<>();
        final Map<String, List<Scrape>> all = new HashMap<>(byGateway);
        final List<Scrape> mine = new ArrayList<>(all.getOrDefault(gateway, List.of()));
        mine.add(scrape);
        all.put(gateway, mine);
        all.forEach((g, scrapes) -> {
            if (scrapes.get(scrapes.size() - 1).at().isBefore(keepFrom)) {
                return;
            }
            int first = 0;
            while (first + 1 < scrapes.size() && !scrapes.get(first + 1).at().isAfter(keepFrom)) {
                first++;
            }
            next.put(g, List.copyOf(scrapes.subList(first, scrapes.size())));
        });
        return new ErrorHistory(Map.copyOf(next));
    }

    /** The gateways with scrapes in this history. */
    public Set<String> gateways() {
        return byGateway.keySet();
    }

    /** How many scrapes of {@code gateway} the history holds. */
    public int scrapes(String gateway) {
        return byGateway.getOrDefault(gateway, List.of()).size();
    }

    @Override
    public ErrorGate.@Nullable ErrorRatio ratio(String tier, Instant from, Instant to) {
        double errors = 0;
        double requests = 0;
        int gateways = 0;
        Instant coveredFrom = null;
        Instant coveredTo = null;
        for (List<Scrape> scrapes : byGateway.values()) {
            int end = -1;
            int start = -1;
            for (int i = 0; i < scrapes.size(); i++) {
                final Instant at = scrapes.get(i).at();
                if (at.isAfter(to)) {
                    break;
                }
                end = i;
                if (!at.isAfter(from) || start < 0) {
                    start = i;
                }
            }
            if (start < 0 || end <= start) {
                continue;
            }
            gateways++;
            for (int i = start + 1; i <= end; i++) {
                final Map<Series, Double> prev = scrapes.get(i - 1).counters();
                final Map<Series, Double> cur = scrapes.get(i).counters();
                final Set<Series> series = new HashSet<>(cur.keySet());
                for (Series s : series) {
                    if (!s.tier().equals(tier)) {
                        continue;
                    }
                    final double now = cur.get(s);
                    final double before = prev.getOrDefault(s, 0.0);
                    final double increase = now >= before ? now - before : now;
                    requests += increase;
                    if (s.error()) {
                        errors += increase;
                    }
                }
            }
            final Instant a = scrapes.get(start).at();
            final Instant b = scrapes.get(end).at();
            coveredFrom = coveredFrom == null || a.isBefore(coveredFrom) ? a : coveredFrom;
            coveredTo = coveredTo == null || b.isAfter(coveredTo) ? b : coveredTo;
        }
        if (gateways == 0) {
            return null;
        }
        return new ErrorGate.ErrorRatio(Math.round(errors), Math.round(requests), gateways, coveredFrom, coveredTo);
    }
}
