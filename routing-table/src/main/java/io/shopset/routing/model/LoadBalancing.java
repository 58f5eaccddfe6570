package io.shopset.routing.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a ShopSet's endpoints share its shops' requests.
 */
public enum LoadBalancing {
    /** Bounded-load consistent hashing on the shop: a shop keeps to one pod, so its caches stay warm. */
    SHOP_HASH("shop-hash"),
    /** Each request to the next endpoint. */
    ROUND_ROBIN("round-robin"),
    /** The endpoint with the fewest requests in flight (power of two choices). */
    LEAST_REQUEST("least-request");

    private final String text;

    LoadBalancing(String text) {
        this.text = text;
    }

    @JsonValue
    public String text() {
        return text;
    }

    /**
     * Parses {@code shop-hash}, {@code round-robin} or {@code least-request}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    @JsonCreator
    public static LoadBalancing parse(String text) {
        for (LoadBalancing lb : values()) {
            if (lb.text.equals(text)) {
                return lb;
            }
        }
        throw new IllegalArgumentException("unknown load balancing \"" + text +
                                           "\" (expected shop-hash, round-robin or least-request)");
    }
}
