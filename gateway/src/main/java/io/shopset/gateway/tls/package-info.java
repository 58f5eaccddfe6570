/**
 * TLS on the public edge: certificates chosen by SNI, loaded from PEM files and reloaded from disk
 * without a restart; TLS 1.2 and 1.3 only.
 */
@NullMarked
package io.shopset.gateway.tls;

import org.jspecify.annotations.NullMarked;
