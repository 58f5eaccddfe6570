/**
 * What gateway replicas share through Redis, beside the request path: per-shop limits held across
 * replicas (each replica's share of a shop's limit, from every replica's demand; a local fallback of
 * limit ÷ replicas while Redis is slow or down), the replicas' heartbeats, and the busiest shops merged
 * over the replicas. One thread of its own; the event loops only read what it wrote.
 */
@NullMarked
package io.shopset.gateway.cluster;

import org.jspecify.annotations.NullMarked;
