/**
 * The routing model as immutable records: tiers, failure domains, ShopSets and their endpoints, shops and their limits, exactly as the configuration file and the stores describe them.
 */
@NullMarked
package io.shopset.routing.model;

import org.jspecify.annotations.NullMarked;
