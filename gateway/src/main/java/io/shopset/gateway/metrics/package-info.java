/**
 * Meter names and the meters the data plane updates, bound once per ShopSet off the request path.
 */
@NullMarked
package io.shopset.gateway.metrics;

import org.jspecify.annotations.NullMarked;
