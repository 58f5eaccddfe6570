/**
 * The Redis store ({@code store: redis://host:port/db}): the routing state shared by every gateway
 * replica, changed atomically by a Lua script that bumps a version and announces the change on a
 * pub/sub channel; every replica applies it, resyncs in full on a gap, and keeps its last good state
 * on local disk.
 */
@NullMarked
package io.shopset.routing.store.redis;

import org.jspecify.annotations.NullMarked;
