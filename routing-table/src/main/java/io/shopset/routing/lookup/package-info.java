/**
 * Host normalisation and the allocation-free open-addressing host table behind the snapshot's O(1) lookup.
 */
@NullMarked
package io.shopset.routing.lookup;

import org.jspecify.annotations.NullMarked;
