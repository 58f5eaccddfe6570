/**
 * Tenant throttling, before any upstream is chosen: the deny list, per-client limits (per shop and
 * across shops) in a bounded lock-free table, and per-shop rate and concurrency limits, so one
 * shop's flood never takes the others down.
 */
@NullMarked
package io.shopset.gateway.policy;

import org.jspecify.annotations.NullMarked;
