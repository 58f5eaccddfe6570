/**
 * The listener: transport choice (epoll or NIO), event loops, the channel pipeline and graceful stop.
 */
@NullMarked
package io.shopset.gateway.server;

import org.jspecify.annotations.NullMarked;
