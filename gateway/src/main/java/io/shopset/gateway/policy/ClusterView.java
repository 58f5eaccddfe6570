package io.shopset.gateway.policy;

/**
 * What this replica knows of the others, for global shop limits: how many replicas there are (from
 * Redis's heartbeats; kept from the last good sync while Redis is away) and whether the shares are
 * live or the replica has fallen back to enforcing {@code limit ÷ replicas} on its own.
 *
 * @param fallback whether the last sync with Redis failed: every shop gets limit ÷ {@code replicas}
 * @param replicas the replicas known, at least 1; also the divisor for a shop without a share yet
 */
public record ClusterView(boolean fallback, int replicas) {

    public ClusterView {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas " + replicas + " (expected: >= 1)");
        }
    }
}
