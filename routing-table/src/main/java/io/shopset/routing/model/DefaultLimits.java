package io.shopset.routing.model;

import org.jspecify.annotations.Nullable;

/**
 * The {@code limits} section: defaults per shop, per client per shop, and per client across all shops.
 */
public record DefaultLimits(Limits shop, Limits client, Limits clientTotal) {

    public static final DefaultLimits DEFAULT = new DefaultLimits(null, null, null);

    public DefaultLimits(@Nullable Limits shop, @Nullable Limits client, @Nullable Limits clientTotal) {
        final Limits shopDefault = new Limits(500.0, 1000, 200);
        final Limits clientDefault = new Limits(20.0, 40, null);
        final Limits clientTotalDefault = new Limits(100.0, 200, null);
        this.shop = shop != null ? shop.withDefaults(shopDefault) : shopDefault;
        this.client = client != null ? client.withDefaults(clientDefault) : clientDefault;
        this.clientTotal = clientTotal != null ? clientTotal.withDefaults(clientTotalDefault) : clientTotalDefault;
    }
}
