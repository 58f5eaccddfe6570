/**
 * Turns a validated routing state into an immutable, versioned routing snapshot.
 */
@NullMarked
package io.shopset.routing.build;

import org.jspecify.annotations.NullMarked;
