package io.shopset.gateway.policy;

/**
 * This replica's part of one shop's global rate limit, from the demand every replica reported at the
 * last sync (requests per second reaching the shop's rate check, smoothed). With a global demand
 * {@code D}, a limit {@code L} and {@code n} replicas seeing the shop:
 * <ul>
 *   <li>{@code D > L} (the shop is over its limit): each replica gets {@code L × d / D}, its demand's
 *       proportion of the limit;</li>
 *   <li>{@code D ≤ L}: each gets its own demand {@code d} plus an equal part of the headroom,
 *       {@code (L − D) / n}, so a replica whose traffic grows is not held at its old demand.</li>
 * </ul>
 * Either way the replicas' rates add up to exactly {@code L} when they saw the same {@code D}. The
 * limit is applied here, on the hot path, so a limit changed in the routing table applies at once.
 *
 * @param localDemand    this replica's demand as reported (requests per second)
 * @param globalDemand   every fresh report's demand together, this replica's included
 * @param activeReplicas how many replicas' reports that sum holds (at least 1)
 */
public record ShopShare(double localDemand, double globalDemand, int activeReplicas) {

    public ShopShare {
        if (!(localDemand >= 0) || !(globalDemand >= localDemand) || activeReplicas < 1) {
            throw new IllegalArgumentException("share " + localDemand + " of " + globalDemand + " over "
                                               + activeReplicas + " replicas");
        }
    }

    /** This replica's requests per second of a shop limited to {@code limit} across all replicas. */
    public double localRate(double limit) {
        if (globalDemand > limit) {
            return limit * localDemand / globalDemand;
        }
        return localDemand + (limit - globalDemand) / activeReplicas;
    }
}
