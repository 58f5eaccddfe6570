/**
 * Endpoint health beside the request path: active checks on their own event loop, passive outlier
 * ejection fed by request outcomes, and the per-endpoint state (health, ejection, requests in
 * flight, warm-up) that endpoint picking reads.
 */
@NullMarked
package io.shopset.gateway.health;

import org.jspecify.annotations.NullMarked;
