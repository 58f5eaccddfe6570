/**
 * HTTP/2 on the TLS listener (chosen through ALPN): Netty's frame codec and stream multiplexer with
 * their guards on (rapid reset, server-side resets, CONTINUATION floods, stream and window limits,
 * content-length against DATA, connection-specific headers), and each stream converted to HTTP/1.1
 * objects for the same proxy handler as an HTTP/1.1 connection. Upstream stays HTTP/1.1 keep-alive.
 */
@NullMarked
package io.shopset.gateway.http2;

import org.jspecify.annotations.NullMarked;
