/**
 * The admin listener: a small Netty HTTP server whose requests are handled off the event loop, on the admin executor.
 */
@NullMarked
package io.shopset.admin.server;

import org.jspecify.annotations.NullMarked;
