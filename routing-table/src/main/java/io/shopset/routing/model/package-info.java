/**
 * The routing model as immutable records: tiers, failure domains, ShopSets and their endpoints, shops and their limits, exactly as the configuration file and the stores describe them;
 * a state's shops as a {@link io.shopset.routing.model.ShopList}, shared between a state and the states edited from it.
 */
@NullMarked
package io.shopset.routing.model;

import org.jspecify.annotations.NullMarked;
