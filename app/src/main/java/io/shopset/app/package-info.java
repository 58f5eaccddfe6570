/**
 * The {@code shopset} command: {@code serve}, {@code demo}, {@code validate}; the wiring of a whole
 * gateway process (proxy, admin listener, routing source) and its signal handling.
 */
@NullMarked
package io.shopset.app;

import org.jspecify.annotations.NullMarked;
