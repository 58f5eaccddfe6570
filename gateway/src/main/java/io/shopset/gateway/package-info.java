/**
 * The data plane: a Netty HTTP/1.1 reverse proxy that resolves each shop host to its ShopSets and
 * forwards to the first available one. {@link io.shopset.gateway.Gateway} wires it.
 */
@NullMarked
package io.shopset.gateway;

import org.jspecify.annotations.NullMarked;
