package io.shopset.routing;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.model.Limits;
import io.shopset.routing.model.ShopSet;

/**
 * What the data plane needs to route one shop, resolved once per snapshot.
 *
 * <p>A route is the shop's id and hash plus a {@link Profile}: everything else, which a snapshot's
 * shops share in a few dozen combinations (the same candidates, configuration, tier and limits), so
 * a million routes hold a few dozen profiles rather than a million copies of the same references
 * (32 bytes a route instead of 48). Equal as the record it was: by every accessor's value.
 */
public final class ShopRoute {

    private final String id;
    private final Profile profile;
    private final long hash;

    /**
     * What a route holds besides its shop's id and hash; a snapshot shares one instance among the
     * shops with equal values.
     *
     * @param configuration the shop's configuration; every candidate has it
     * @param tier          the shop's tier
     * @param candidates    its ShopSets in preference order: the placement, then, for an isolated
     *                      shop, its remembered placement as fallback
     * @param isolated      whether it is isolated on a dedicated ShopSet
     * @param limits        its effective limits (shop values over {@code limits.shop})
     * @param warmup        while the shop warms a dedicated ShopSet before its isolation: that ShopSet
     *                      (the gateway mirrors a sample of its GET requests there), else {@code null}
     */
    public record Profile(String configuration, String tier, List<ShopSet> candidates, boolean isolated,
                          Limits limits, @Nullable ShopSet warmup) {
    }

    /**
     * @param id      the shop id (sent upstream as {@code X-Shop-Id})
     * @param profile the rest, usually shared with other routes
     * @param hash    a stable 64-bit hash of the id, for endpoint picking
     */
    public ShopRoute(String id, Profile profile, long hash) {
        this.id = id;
        this.profile = Objects.requireNonNull(profile, "profile");
        this.hash = hash;
    }

    /** A route with a profile of its own; see {@link Profile} for the parameters. */
    public ShopRoute(String id, String configuration, String tier, List<ShopSet> candidates, boolean isolated,
                     Limits limits, long hash, @Nullable ShopSet warmup) {
        this(id, new Profile(configuration, tier, candidates, isolated, limits, warmup), hash);
    }

    /** A route with no warm-up. */
    public ShopRoute(String id, String configuration, String tier, List<ShopSet> candidates, boolean isolated,
                     Limits limits, long hash) {
        this(id, configuration, tier, candidates, isolated, limits, hash, null);
    }

    /** The shop id (sent upstream as {@code X-Shop-Id}). */
    public String id() {
        return id;
    }

    /** Everything but the id and hash, usually shared with other routes. */
    public Profile profile() {
        return profile;
    }

    public String configuration() {
        return profile.configuration();
    }

    public String tier() {
        return profile.tier();
    }

    public List<ShopSet> candidates() {
        return profile.candidates();
    }

    public boolean isolated() {
        return profile.isolated();
    }

    public Limits limits() {
        return profile.limits();
    }

    /** A stable 64-bit hash of the id, for endpoint picking. */
    public long hash() {
        return hash;
    }

    public @Nullable ShopSet warmup() {
        return profile.warmup();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShopRoute r && hash == r.hash && Objects.equals(id, r.id) && profile.equals(r.profile);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, profile, hash);
    }

    @Override
    public String toString() {
        return "ShopRoute[id=" + id + ", configuration=" + configuration() + ", tier=" + tier() + ", candidates=" +
               candidates() + ", isolated=" + isolated() + ", limits=" + limits() + ", hash=" + hash + ", warmup=" +
               warmup() + ']';
    }
}
