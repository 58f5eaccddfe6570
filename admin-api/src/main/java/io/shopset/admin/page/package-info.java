/**
 * The read-only status page on the admin listener: static files from the classpath that read the
 * admin API with the operator's token from the browser.
 */
@NullMarked
package io.shopset.admin.page;

import org.jspecify.annotations.NullMarked;
