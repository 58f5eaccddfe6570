/**
 * Warm-up mirroring: copies of a warming shop's GET requests sent, fire and forget, to the
 * dedicated ShopSet it will be isolated on.
 */
@NullMarked
package io.shopset.gateway.mirror;

import org.jspecify.annotations.NullMarked;
