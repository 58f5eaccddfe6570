/**
 * Reusable Gatling chains and the HTTP protocol: a storefront page with its checks.
 */
@NullMarked
package io.shopset.loadtest.scenarios;

import org.jspecify.annotations.NullMarked;
