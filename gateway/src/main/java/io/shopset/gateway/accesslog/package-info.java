/**
 * The access log: one JSON line per request, handed from the event loop through a lock-free queue
 * to a writer thread, so the request path never formats, locks or touches a file.
 */
@NullMarked
package io.shopset.gateway.accesslog;

import org.jspecify.annotations.NullMarked;
