/**
 * The placement rules and every other check of a routing state, reported all at once as {@code path: message} errors.
 */
@NullMarked
package io.shopset.routing.validate;

import org.jspecify.annotations.NullMarked;
