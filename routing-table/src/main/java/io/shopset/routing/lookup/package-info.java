/**
 * Host normalisation and the allocation-free open-addressing host table behind the snapshot's O(1) lookup, and the
 * host index (a base table plus an overlay of changed hosts) that lets a snapshot be edited at the cost of the edit.
 */
@NullMarked
package io.shopset.routing.lookup;

import org.jspecify.annotations.NullMarked;
