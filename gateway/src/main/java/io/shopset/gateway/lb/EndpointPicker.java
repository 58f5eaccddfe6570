package io.shopset.gateway.lb;

import java.util.concurrent.ThreadLocalRandom;

import io.shopset.gateway.health.EndpointState;
import io.shopset.gateway.select.Backend;
import io.shopset.routing.place.Hashing;

/**
 * Picks an endpoint inside a ShopSet, by its {@code loadBalancing}:
 *
 * <ul>
 *   <li>{@code shop-hash} (default): bounded-load rendezvous hashing on the shop. Each endpoint
 *       scores {@code mix(shopHash ^ endpointHash)}; the shop takes its highest-scoring endpoint
 *       whose requests in flight stay within {@value #LOAD_FACTOR}× the ShopSet's mean, so a shop
 *       keeps to one pod (warm template cache) until that pod is overloaded, then spills to its next
 *       choice. Adding an endpoint to n moves about 1/(n+1) of the shops; removing one moves only its
 *       own.</li>
 *   <li>{@code round-robin}: the next endpoint.</li>
 *   <li>{@code least-request}: the less busy of two random endpoints.</li>
 * </ul>
 *
 * <p>Slow start: an endpoint inside its {@code slowStart} window (after it appeared or recovered)
 * takes over only a growing share of its eventual shops: a shop whose own fraction
 * {@code u(shop, endpoint)} in [0, 1) is below the window's progress. The set of shops it has grows
 * monotonically (never a random weight), so the shops it takes stay with it and warm its cache one
 * by one; shops not yet admitted stay on their previous pod. For round-robin and least-request a
 * warming endpoint is taken with probability equal to its progress.
 *
 * <p>Excluded endpoints (a bit set of indexes already tried) and unavailable ones are skipped.
 * Allocation-free; reads only atomics.
 */
public final class EndpointPicker {

    static final double LOAD_FACTOR = 1.25;

    private EndpointPicker() {
    }

    /**
     * The index of the endpoint for this request, or -1 when none is available.
     *
     * @param excluded bit i set: endpoint i was already tried (endpoints past 63 are never excluded)
     */
    public static int pick(Backend b, long shopHash, long excluded, long nowNanos) {
        return switch (b.spec().loadBalancing()) {
            case SHOP_HASH -> shopHash(b, shopHash, excluded, nowNanos);
            case ROUND_ROBIN -> roundRobin(b, excluded, nowNanos);
            case LEAST_REQUEST -> leastRequest(b, excluded, nowNanos);
        };
    }

    static int shopHash(Backend b, long shopHash, long excluded, long nowNanos) {
        final int n = b.endpointCount();
        int usable = 0;
        long totalInflight = 0;
        for (int i = 0; i < n; i++) {
            final EndpointState s = b.state(i);
            if (s.available(nowNanos)) {
                usable++;
                totalInflight += s.inflight();
            }
        }
        if (usable == 0) {
            return -1;
        }
        final double bound = Math.ceil(LOAD_FACTOR * (totalInflight + 1) / usable);
        int best = -1;
        long bestScore = Long.MIN_VALUE;
        int spill = -1;
        long spillScore = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            if (isExcluded(excluded, i)) {
                continue;
            }
            final EndpointState s = b.state(i);
            if (!s.available(nowNanos)) {
                continue;
            }
            final long score = Hashing.mix(shopHash ^ b.endpointHash(i)) >>> 1;
            if (!admitted(b, s, shopHash, b.endpointHash(i), nowNanos)) {
                continue;
            }
            if (s.inflight() + 1 > bound) {
                if (score > spillScore) {
                    spill = i;
                    spillScore = score;
                }
                continue;
            }
            if (score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        if (best >= 0) {
            return best;
        }
        if (spill >= 0) {
            return spill;
        }
        // Every available endpoint is warming and not yet admitting this shop: take the best anyway
        // rather than fail the request.
        return bestIgnoringWarmUp(b, shopHash, excluded, nowNanos);
    }

    /** Whether a warming endpoint already admits this shop (always, outside slow start). */
    static boolean admitted(Backend b, EndpointState s, long shopHash, long endpointHash, long nowNanos) {
        final double progress = progress(b, s, nowNanos);
        if (progress >= 1) {
            return true;
        }
        final double u = (Hashing.mix(shopHash * 0x9e3779b97f4a7c15L ^ endpointHash) >>> 11) * 0x1.0p-53;
        return u < progress;
    }

    /** How far an endpoint is through its slow-start window, in [0, 1]. */
    static double progress(Backend b, EndpointState s, long nowNanos) {
        final long window = b.slowStartNanos();
        if (window <= 0) {
            return 1;
        }
        final long age = nowNanos - s.warmSinceNanos();
        return age >= window ? 1 : age <= 0 ? 0 : (double) age / window;
    }

    private static int bestIgnoringWarmUp(Backend b, long shopHash, long excluded, long nowNanos) {
        int best = -1;
        long bestScore = Long.MIN_VALUE;
        for (int i = 0; i < b.endpointCount(); i++) {
            if (isExcluded(excluded, i) || !b.state(i).available(nowNanos)) {
                continue;
            }
            final long score = Hashing.mix(shopHash ^ b.endpointHash(i)) >>> 1;
            if (score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    static int roundRobin(Backend b, long excluded, long nowNanos) {
        final int n = b.endpointCount();
        int fallback = -1;
        final int start = b.nextRoundRobin();
        for (int k = 0; k < n; k++) {
            final int i = (start + k) % n;
            if (isExcluded(excluded, i) || !b.state(i).available(nowNanos)) {
                continue;
            }
            if (warmEnough(b, b.state(i), nowNanos)) {
                return i;
            }
            if (fallback < 0) {
                fallback = i;
            }
        }
        return fallback;
    }

    static int leastRequest(Backend b, long excluded, long nowNanos) {
        final int n = b.endpointCount();
        final ThreadLocalRandom r = ThreadLocalRandom.current();
        int best = -1;
        for (int tries = 0; tries < 2 * n && (best < 0 || tries < 2); tries++) {
            final int i = r.nextInt(n);
            if (isExcluded(excluded, i) || !b.state(i).available(nowNanos) || !warmEnough(b, b.state(i), nowNanos)) {
                continue;
            }
            if (best < 0 || b.state(i).inflight() < b.state(best).inflight()) {
                best = i;
            }
        }
        return best >= 0 ? best : roundRobin(b, excluded, nowNanos);
    }

    private static boolean warmEnough(Backend b, EndpointState s, long nowNanos) {
        final double p = progress(b, s, nowNanos);
        return p >= 1 || ThreadLocalRandom.current().nextDouble() < p;
    }

    private static boolean isExcluded(long excluded, int i) {
        return i < 64 && (excluded & (1L << i)) != 0;
    }
}
