/**
 * The admin API's routes (CONTRACT.md "Admin API"): request and response types, the router, and the resources.
 */
@NullMarked
package io.shopset.admin.api;

import org.jspecify.annotations.NullMarked;
