/**
 * Where the routing state lives and how a change is applied: {@link io.shopset.routing.store.RoutingStore}
 * (read, compare-and-set write, publish into the routing table), the file store (one gateway; the
 * state file) and the shared Redis store ({@code io.shopset.routing.store.redis}).
 */
@NullMarked
package io.shopset.routing.store;

import org.jspecify.annotations.NullMarked;
