/**
 * Which ShopSet and endpoint to try, in order: the attempt plan over a shop's candidates.
 */
@NullMarked
package io.shopset.gateway.select;

import org.jspecify.annotations.NullMarked;
