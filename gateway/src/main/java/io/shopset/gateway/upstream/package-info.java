/**
 * Connections to ShopSet endpoints: per-event-loop keep-alive pools, the connector and the handler that relays responses back.
 */
@NullMarked
package io.shopset.gateway.upstream;

import org.jspecify.annotations.NullMarked;
