/**
 * The gateway's configuration file: binding YAML into immutable records (unknown keys are errors), durations and endpoints as the contract writes them, and every binding error with its path.
 */
@NullMarked
package io.shopset.routing.config;

import org.jspecify.annotations.NullMarked;
