package io.shopset.gateway.policy;

/** Which limit a request ran into; {@link #tag()} is the metrics tag and the RateLimit policy name. */
public enum ThrottleScope {
    /** One client's requests to one shop. */
    CLIENT("client"),
    /** One client's requests to all shops together. */
    CLIENT_TOTAL("client_total"),
    /** One shop's request rate. */
    SHOP("shop"),
    /** One shop's requests in flight (answered 503, not 429). */
    SHOP_CONCURRENCY("shop");

    private final String tag;

    ThrottleScope(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
