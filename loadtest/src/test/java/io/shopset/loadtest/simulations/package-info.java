/**
 * The Gatling simulations (run by the gatling-maven-plugin, never by Surefire); see
 * loadtest/README.md.
 */
@NullMarked
package io.shopset.loadtest.simulations;

import org.jspecify.annotations.NullMarked;
