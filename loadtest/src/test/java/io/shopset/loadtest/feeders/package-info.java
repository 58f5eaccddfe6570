/**
 * Gatling feeders: which shop each virtual visitor goes to.
 */
@NullMarked
package io.shopset.loadtest.feeders;

import org.jspecify.annotations.NullMarked;
