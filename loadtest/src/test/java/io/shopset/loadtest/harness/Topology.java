package io.shopset.loadtest.harness;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.model.LoadBalancing;

/**
 * The platform a simulation runs against: ShopSets (each in a failure domain, with its pods),
 * {@code shops} shops {@code shop-0000 ...} on the platform domain, placed by the gateway's placer
 * ({@code replicas: 2}, so every shop has one ShopSet in each failure domain), and optionally a few
 * named shops with limits of their own (the flash-sale shop).
 *
 * @param shopSets          the ShopSets, in order; dedicated ones take no ordinary shop
 * @param shops             how many numbered shops
 * @param loadBalancing     the {@code loadBalancing} of every ShopSet
 * @param namedShops        shops besides the numbered ones, placed by the placer too
 * @param liftClientLimits  whether the per-client limits are lifted (every visitor comes from one
 *                          address); {@code false} keeps the defaults of CONTRACT.md, for runs whose
 *                          visitors come from many source addresses
 */
public record Topology(List<ShopSetSpec> shopSets, int shops, LoadBalancing loadBalancing, List<ShopSpec> namedShops,
                       boolean liftClientLimits) {

    public static final String PLATFORM_DOMAIN = "shops.test";

    public Topology {
        shopSets = List.copyOf(shopSets);
        namedShops = List.copyOf(namedShops);
        if (shops < 1 || shops > 10_000) {
            throw new IllegalArgumentException("shops: " + shops + " (expected: 1-10000)");
        }
    }

    public Topology(List<ShopSetSpec> shopSets, int shops, LoadBalancing loadBalancing) {
        this(shopSets, shops, loadBalancing, List.of(), true);
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

    /** This topology with a dedicated ShopSet (for isolated shops) of {@code pods} pods in {@code failureDomain}. */
    public Topology withDedicated(String name, String failureDomain, int pods) {
        final List<ShopSetSpec> sets = new ArrayList<>(shopSets);
        sets.add(new ShopSetSpec(name, failureDomain, pods, true));
        return new Topology(sets, shops, loadBalancing, namedShops, liftClientLimits);
    }

    /** This topology with one more named shop. */
    public Topology withShop(ShopSpec shop) {
        final List<ShopSpec> named = new ArrayList<>(namedShops);
        named.add(shop);
        return new Topology(shopSets, shops, loadBalancing, named, liftClientLimits);
    }

    /** This topology with the per-client limits of CONTRACT.md in force (visitors from many addresses). */
    public Topology withClientLimits() {
        return new Topology(shopSets, shops, loadBalancing, namedShops, false);
    }

    /** The id of shop number {@code index}: {@code shop-0042}. */
    public static String shopId(int index) {
        return String.format("shop-%04d", index);
    }

    /** The platform host of shop number {@code index}: {@code shop-0042.shops.test}. */
    public static String host(int index) {
        return hostOf(shopId(index));
    }

    /** The platform host of the shop {@code id}. */
    public static String hostOf(String id) {
        return id + '.' + PLATFORM_DOMAIN;
    }

    /** Every shop's host: the numbered ones, then the named ones. */
    public List<String> hosts() {
        final List<String> hosts = new ArrayList<>(shops + namedShops.size());
        for (int i = 0; i < shops; i++) {
            hosts.add(host(i));
        }
        namedShops.forEach(s -> hosts.add(s.host()));
        return hosts;
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
     * @param dedicated     reserved for isolated shops ({@code dedicated: true})
     */
    public record ShopSetSpec(String name, String failureDomain, int pods, boolean dedicated) {

        public ShopSetSpec(String name, String failureDomain, int pods) {
            this(name, failureDomain, pods, false);
        }

        public String podName(int index) {
            return name + "-pod-" + (index + 1);
        }
    }

    /**
     * A named shop.
     *
     * @param id     its id; its host is {@code <id>.shops.test}
     * @param limits its own limits, or {@code null} for the defaults
     */
    public record ShopSpec(String id, @Nullable ShopLimits limits) {

        public String host() {
            return hostOf(id);
        }
    }

    /**
     * A shop's {@code limits} (CONTRACT.md).
     *
     * @param requestsPerSecond sustained rate
     * @param burst             requests allowed at once on top of an idle second
     * @param maxConcurrent     requests in flight at most (503 beyond)
     */
    public record ShopLimits(int requestsPerSecond, int burst, int maxConcurrent) {
    }
}
