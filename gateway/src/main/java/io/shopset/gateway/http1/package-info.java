/**
 * HTTP/1.1 message decoding with little garbage: compact header maps for Netty's decoders (and, with
 * them, the same validation and framing rules as Netty's own).
 */
@NullMarked
package io.shopset.gateway.http1;

import org.jspecify.annotations.NullMarked;
