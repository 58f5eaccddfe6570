package io.shopset.routing;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.lookup.HostIndex;
import io.shopset.routing.lookup.HostNormalizer;
import io.shopset.routing.lookup.HostTable;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.ShopSet;

/**
 * One immutable, versioned view of the routing table. Built off the request path by
 * {@link io.shopset.routing.build.SnapshotBuilder}, published through {@link RoutingTable}; request
 * code reads the current one once and uses only that.
 *
 * <p>{@link #resolve(CharSequence)} is O(1) and allocates nothing: a platform subdomain by its
 * shop id, any other host (or a platform subdomain of no shop) by the exact host. Its two tables
 * are {@link HostIndex}es: a snapshot built from the one before by a few shops' change shares that
 * one's tables and adds the changed hosts in a small overlay, which a lookup probes first.
 */
public final class RoutingSnapshot {

    private final long version;
    private final long builtAtMillis;
    private final RoutingState state;
    private final HostIndex<ShopRoute> hosts;
    private final HostIndex<ShopRoute> shopIds;
    private final String[] platformSuffixes;
    private final Map<String, ShopSet> shopsets;
    private final Map<String, List<String>> placements;

    public RoutingSnapshot(long version, long builtAtMillis, RoutingState state, HostTable<ShopRoute> hosts,
                           HostTable<ShopRoute> shopIds, List<String> platformDomains, Map<String, ShopSet> shopsets,
                           Map<String, List<String>> placements) {
        this(version, builtAtMillis, state, HostIndex.of(hosts), HostIndex.of(shopIds), platformDomains, shopsets,
             placements);
    }

    public RoutingSnapshot(long version, long builtAtMillis, RoutingState state, HostIndex<ShopRoute> hosts,
                           HostIndex<ShopRoute> shopIds, List<String> platformDomains, Map<String, ShopSet> shopsets,
                           Map<String, List<String>> placements) {
        this.version = version;
        this.builtAtMillis = builtAtMillis;
        this.state = state;
        this.hosts = hosts;
        this.shopIds = shopIds;
        this.platformSuffixes = platformDomains.stream().map(d -> '.' + HostNormalizer.normalize(d))
                                               .toArray(String[]::new);
        this.shopsets = Map.copyOf(shopsets);
        this.placements = placements;
    }

    public long version() {
        return version;
    }

    public long builtAtMillis() {
        return builtAtMillis;
    }

    /** The state this snapshot was built from. */
    public RoutingState state() {
        return state;
    }

    /**
     * The shop a {@code Host} header value routes to, or {@code null} for an unknown host.
     *
     * <p>A host under a platform domain is looked up by its shop id first, and in the custom hosts
     * only when no shop has that id; any other host in the custom hosts only. That gives the
     * answers of "exact host first, then {@code {shopId}.{platformDomain}}" (CONTRACT.md) on every
     * snapshot the builder makes, because the validator refuses a custom host equal to a shop's
     * platform subdomain, and it spares a platform host the hash and probe of the whole host in the
     * custom table (about 1M keys, one cache miss when cold).
     */
    public @Nullable ShopRoute resolve(CharSequence host) {
        final long r = HostNormalizer.range(host);
        final int start = HostNormalizer.start(r);
        final int end = HostNormalizer.end(r);
        for (String suffix : platformSuffixes) {
            final int labelEnd = end - suffix.length();
            if (labelEnd > start && endsWithIgnoreCase(host, end, suffix)) {
                final ShopRoute byId = shopIds.get(host, start, labelEnd);
                if (byId != null) {
                    return byId;
                }
            }
        }
        return hosts.get(host, start, end);
    }

    /** The shop with {@code id}, or {@code null}. */
    public @Nullable ShopRoute shop(String id) {
        return shopIds.get(id);
    }

    /** The ShopSet named {@code name}, or {@code null}. */
    public @Nullable ShopSet shopSet(String name) {
        return shopsets.get(name);
    }

    /** Every shop's effective placement (explicit or placed), by shop id. */
    public Map<String, List<String>> placements() {
        return placements;
    }

    /** The custom hosts' table (what the next snapshot's build edits). */
    public HostIndex<ShopRoute> hostIndex() {
        return hosts;
    }

    /** The shop ids' table (what the next snapshot's build edits). */
    public HostIndex<ShopRoute> idIndex() {
        return shopIds;
    }

    /** The ShopSets by name. */
    public Map<String, ShopSet> shopSets() {
        return shopsets;
    }

    public int shopCount() {
        return shopIds.size();
    }

    public int shopSetCount() {
        return shopsets.size();
    }

    private static boolean endsWithIgnoreCase(CharSequence s, int end, String lowerSuffix) {
        final int off = end - lowerSuffix.length();
        for (int i = 0; i < lowerSuffix.length(); i++) {
            char c = s.charAt(off + i);
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lowerSuffix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
