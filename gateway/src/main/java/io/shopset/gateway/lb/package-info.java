/**
 * Endpoint picking inside a ShopSet.
 */
@NullMarked
package io.shopset.gateway.lb;

import org.jspecify.annotations.NullMarked;
