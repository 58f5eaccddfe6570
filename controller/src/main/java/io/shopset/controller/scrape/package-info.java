/**
 * The release's 5xx gate, gateway side: the controller scrapes every gateway's {@code /metrics}
 * on its own thread, keeps the {@code shopset_requests_total} counters of the last bake time, and
 * answers the 5xx share of a tier over a window from counter increases. Never on an informer or
 * reconcile thread; the reconcile reads an immutable history.
 */
@NullMarked
package io.shopset.controller.scrape;

import org.jspecify.annotations.NullMarked;
