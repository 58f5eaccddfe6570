/**
 * How the admin API changes the routing state: read the store's current state, compute the next
 * one, validate it with the routing validator, write it with compare-and-set on the version (retried
 * on a concurrent writer), audited with the token's name. Nothing is half-applied.
 */
@NullMarked
package io.shopset.admin.change;

import org.jspecify.annotations.NullMarked;
