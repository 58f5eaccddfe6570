/**
 * The placer: a pure function from a shop and the ShopSets that may take it to its placement (rendezvous hashing across distinct failure domains).
 */
@NullMarked
package io.shopset.routing.place;

import org.jspecify.annotations.NullMarked;
