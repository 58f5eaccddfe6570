package io.shopset.gateway.lb;

import io.shopset.gateway.select.Backend;
import io.shopset.routing.place.Hashing;

/**
 * Picks endpoints inside a ShopSet by rendezvous hashing on the shop: a shop keeps to the same pod
 * while the endpoint set is unchanged, so the pod's per-shop template cache stays warm; adding an
 * endpoint to a ShopSet of n moves about 1/(n+1) of its shops, removing one moves only its own.
 *
 * <p>{@link #pick(Backend, long, long)} returns the best endpoint not yet excluded, so retries walk
 * the shop's preference order. Allocation-free.
 */
public final class EndpointPicker {

    private EndpointPicker() {
    }

    /**
     * The index of the highest-scoring endpoint of {@code backend} for the shop with {@code shopHash}
     * whose bit is not set in {@code excluded} (endpoints past 63 are never excluded), or -1.
     */
    public static int pick(Backend backend, long shopHash, long excluded) {
        int best = -1;
        long bestScore = 0;
        for (int i = 0, n = backend.endpointCount(); i < n; i++) {
            if (i < 64 && (excluded & (1L << i)) != 0) {
                continue;
            }
            final long score = Hashing.mix(shopHash ^ backend.endpointHash(i)) >>> 1;
            if (best < 0 || score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }
}
