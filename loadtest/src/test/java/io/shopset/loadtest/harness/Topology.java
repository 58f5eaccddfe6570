package io.shopset.loadtest.harness;

import java.util.ArrayList;
import java.util.List;

import io.shopset.routing.model.LoadBalancing;

/**
 * The platform a simulation runs against: ShopSets (each in a failure domain, with its pods) and
 * {@code shops} shops {@code shop-0000 ...} on the platform domain, placed by the gateway's placer
 * ({@code replicas: 2}, so every shop has one ShopSet in each failure domain).
 *
 * @param shopSets      the ShopSets, in order
 * @param shops         how many shops
 * @param loadBalancing the {@code loadBalancing} of every ShopSet
 */
public record Topology(List<ShopSetSpec> shopSets, int shops, LoadBalancing loadBalancing) {

    public static final String PLATFORM_DOMAIN = "shops.test";

    public Topology {
        shopSets = List.copyOf(shopSets);
        if (shops < 1 || shops > 10_000) {
            throw new IllegalArgumentException("shops: " + shops + " (expected: 1-10000)");
        }
    }

    /**
     * Two failure domains ({@code dc-a}, {@code dc-b}) with {@code perDomain} ShopSets each
     * ({@code prod-a1, prod-a2, prod-b1, ...}) of {@code pods} pods.
     */
    public static Topology twoDomains(int perDomain, int pods, int shops, LoadBalancing loadBalancing) {
        final List<ShopSetSpec> sets = new ArrayList<>();
        for (String domain : List.of("a", "b")) {
            for (int i = 1; i <= perDomain; i++) {
                sets.add(new ShopSetSpec("prod-" + domain + i, "dc-" + domain, pods));
            }
        }
        return new Topology(sets, shops, loadBalancing);
    }

    /** The id of shop number {@code index}: {@code shop-0042}. */
    public static String shopId(int index) {
        return String.format("shop-%04d", index);
    }

    /** The platform host of shop number {@code index}: {@code shop-0042.shops.test}. */
    public static String host(int index) {
        return shopId(index) + '.' + PLATFORM_DOMAIN;
    }

    public ShopSetSpec shopSet(String name) {
        return shopSets.stream().filter(s -> s.name().equals(name)).findFirst()
                       .orElseThrow(() -> new IllegalArgumentException("no ShopSet " + name));
    }

    /**
     * One ShopSet.
     *
     * @param name          its name, also the stubs' {@code X-ShopSet}
     * @param failureDomain its failure domain
     * @param pods          how many stub pods ({@code <name>-pod-1 ...})
     */
    public record ShopSetSpec(String name, String failureDomain, int pods) {

        public String podName(int index) {
            return name + "-pod-" + (index + 1);
        }
    }
}
