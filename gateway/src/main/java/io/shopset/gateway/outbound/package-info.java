/**
 * The response path: headers sent to the client and every error status the gateway answers itself, mapped in one place.
 */
@NullMarked
package io.shopset.gateway.outbound;

import org.jspecify.annotations.NullMarked;
