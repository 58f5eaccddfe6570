/**
 * The control plane: the admin HTTP API served on every gateway's admin listener.
 */
@NullMarked
package io.shopset.admin;

import org.jspecify.annotations.NullMarked;
