/**
 * Host to shop: the data plane's own snapshot (routing snapshot plus backends), swapped through one volatile reference.
 */
@NullMarked
package io.shopset.gateway.resolve;

import org.jspecify.annotations.NullMarked;
