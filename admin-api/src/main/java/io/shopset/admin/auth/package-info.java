/**
 * Bearer tokens and roles: viewer reads, operator isolates, drains and restores, admin changes everything.
 */
@NullMarked
package io.shopset.admin.auth;

import org.jspecify.annotations.NullMarked;
