package io.shopset.loadtest.feeders;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.shopset.loadtest.harness.Topology;

/**
 * An endless feeder of shop hosts with Zipf-like popularity: shop {@code k} (0-based rank) is chosen
 * with probability proportional to {@code 1 / (k + 1)^exponent}. With 1,000 shops and exponent 1 the
 * most popular shop gets about 13% of the traffic, the top 10 about 39%, and the long tail a few
 * requests each, like organic traffic on a multi-tenant platform.
 *
 * <p>Each record has {@code host} ({@code shop-0042.shops.test}) and {@code shop} ({@code shop-0042}).
 * Thread-safe: draws from {@link ThreadLocalRandom}.
 */
public final class ZipfShopFeeder implements Iterator<Map<String, Object>> {

    private final double[] cumulative;
    private final String[] hosts;
    private final String[] ids;

    private ZipfShopFeeder(int shops, double exponent) {
        if (shops < 1) {
            throw new IllegalArgumentException("shops: " + shops + " (expected: > 0)");
        }
        if (!(exponent >= 0)) {
            throw new IllegalArgumentException("exponent: " + exponent + " (expected: >= 0)");
        }
        cumulative = new double[shops];
        hosts = new String[shops];
        ids = new String[shops];
        double total = 0;
        for (int k = 0; k < shops; k++) {
            total += 1.0 / Math.pow(k + 1, exponent);
            cumulative[k] = total;
            hosts[k] = Topology.host(k);
            ids[k] = Topology.shopId(k);
        }
        for (int k = 0; k < shops; k++) {
            cumulative[k] /= total;
        }
    }

    public static ZipfShopFeeder of(int shops, double exponent) {
        return new ZipfShopFeeder(shops, exponent);
    }

    /** The rank of the next shop to visit. */
    public int nextRank() {
        final double u = ThreadLocalRandom.current().nextDouble();
        final int i = Arrays.binarySearch(cumulative, u);
        return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
    }

    /** The share of the traffic that goes to the {@code top} most popular shops. */
    public double shareOfTop(int top) {
        return cumulative[Math.min(top, cumulative.length) - 1];
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public Map<String, Object> next() {
        final int k = nextRank();
        return Map.of("host", hosts[k], "shop", ids[k]);
    }
}
