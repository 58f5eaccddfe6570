/**
 * The in-process platform the simulations run against (stub pods, generated configuration, the
 * real gateway), their settings, chaos actions, and what a run records and writes.
 */
@NullMarked
package io.shopset.loadtest.harness;

import org.jspecify.annotations.NullMarked;
