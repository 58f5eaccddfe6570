package io.shopset.routing.place;

import static java.util.Objects.requireNonNull;

/**
 * One replica of a shop moving from ShopSet {@code from} to ShopSet {@code to} (re-homing,
 * rebalancing). The new ShopSet takes the old one's place in the shop's preference order, except
 * when re-homing: there the surviving replicas come first.
 */
public record Move(String shop, String from, String to) {

    public Move {
        requireNonNull(shop, "shop");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
    }
}
