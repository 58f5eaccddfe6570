/**
 * The routing table: the one reference to the current immutable {@link io.shopset.routing.RoutingSnapshot}
 * that the data plane reads and the control plane replaces.
 */
@NullMarked
package io.shopset.routing;

import org.jspecify.annotations.NullMarked;
