package io.shopset.gateway.accesslog;

import org.jspecify.annotations.Nullable;

/**
 * One request as the access log records it. Filled on the event loop by plain field writes, then
 * published to the writer thread through the queue (which orders the writes before the read).
 */
public final class AccessLogEntry {

    public long startMillis;
    public long durationNanos;
    /** Nanoseconds from the request head to the upstream's response head; -1 without one. */
    public long upstreamNanos = -1;
    /** The client's address bytes (formatted by the writer), or its text. */
    public @Nullable Object client;
    public @Nullable String method;
    public @Nullable String path;
    public @Nullable String host;
    public int status;
    public long bytesIn;
    public long bytesOut;
    public @Nullable String shop;
    public @Nullable String shopSet;
    public @Nullable String failureDomain;
    /** The endpoint (its {@code toString()} is written). */
    public @Nullable Object endpoint;
    public int retries;
    /** Why the gateway answered itself or what happened on the way ({@code failover}, {@code no_route} …), or null. */
    public @Nullable String flags;
    public @Nullable CharSequence requestId;
}
