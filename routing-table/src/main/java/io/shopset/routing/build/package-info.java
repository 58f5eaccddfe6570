/**
 * Turns a validated routing state into an immutable, versioned routing snapshot: in whole, or, when a few shops changed,
 * by editing the previous snapshot.
 */
@NullMarked
package io.shopset.routing.build;

import org.jspecify.annotations.NullMarked;
