/**
 * Self-healing on the control path: re-homing the shops of a ShopSet that stayed unhealthy past its
 * grace period, through the same single writer (the change service, compare-and-set, audit) as
 * every admin change.
 */
@NullMarked
package io.shopset.admin.heal;

import org.jspecify.annotations.NullMarked;
