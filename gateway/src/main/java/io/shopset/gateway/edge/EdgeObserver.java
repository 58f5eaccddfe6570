package io.shopset.gateway.edge;

/**
 * Told of every edge refusal, on the event loop that made it; it must not block. The metrics bind one
 * ({@code shopset_edge_rejections_total{reason}}); the edge code only says why.
 */
@FunctionalInterface
public interface EdgeObserver {

    /** A request or connection was refused for {@code reason}. */
    void rejected(EdgeReason reason);
}
