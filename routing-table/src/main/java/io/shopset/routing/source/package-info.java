/**
 * Where routing states come from: the file store (the embedded default) that watches the configuration file.
 */
@NullMarked
package io.shopset.routing.source;

import org.jspecify.annotations.NullMarked;
