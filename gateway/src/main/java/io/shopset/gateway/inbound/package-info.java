/**
 * The client side of an exchange: strict framing checks, the per-connection proxy handler that drives each request, and the headers sent upstream.
 */
@NullMarked
package io.shopset.gateway.inbound;

import org.jspecify.annotations.NullMarked;
