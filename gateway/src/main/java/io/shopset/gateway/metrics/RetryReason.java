package io.shopset.gateway.metrics;

/** Why a request was sent to an upstream again (the {@code reason} tag of the retries counter). */
public enum RetryReason {
    /** The connection was refused or timed out: the request never reached an upstream. */
    CONNECT_FAILURE("connect_failure"),
    /** A pooled connection turned out closed: the request never reached an upstream. */
    STALE_CONNECTION("stale_connection"),
    /** An idempotent request's connection reset before any response byte. */
    RESET("reset"),
    /** An idempotent request got 502 or 503. */
    STATUS_5XX("status_5xx");

    private final String tag;

    RetryReason(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
