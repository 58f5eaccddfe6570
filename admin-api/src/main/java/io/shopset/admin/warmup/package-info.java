/**
 * Warm-ups before an isolation: ending them (the flip to the dedicated ShopSet) through the single
 * writer path, on a control thread.
 */
@NullMarked
package io.shopset.admin.warmup;

import org.jspecify.annotations.NullMarked;
