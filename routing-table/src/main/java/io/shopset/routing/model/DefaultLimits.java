package io.shopset.routing.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

/**
 * The {@code limits} section: defaults per shop, per client per shop, and per client across all
 * shops; client CIDRs that bypass client limits ({@code allowList}: payment callbacks, monitoring)
 * and client CIDRs answered 403 before anything else ({@code denyList}).
 */
public record DefaultLimits(Limits shop, Limits client, Limits clientTotal, List<String> allowList,
                            List<String> denyList) {

    public static final DefaultLimits DEFAULT = new DefaultLimits(null, null, null);

    @JsonCreator
    public DefaultLimits(@Nullable Limits shop, @Nullable Limits client, @Nullable Limits clientTotal,
                         @Nullable List<String> allowList, @Nullable List<String> denyList) {
        final Limits shopDefault = new Limits(500.0, 1000, 200);
        final Limits clientDefault = new Limits(20.0, 40, null);
        final Limits clientTotalDefault = new Limits(100.0, 200, null);
        this.shop = shop != null ? shop.withDefaults(shopDefault) : shopDefault;
        this.client = client != null ? client.withDefaults(clientDefault) : clientDefault;
        this.clientTotal = clientTotal != null ? clientTotal.withDefaults(clientTotalDefault) : clientTotalDefault;
        this.allowList = allowList == null ? List.of() : List.copyOf(allowList);
        this.denyList = denyList == null ? List.of() : List.copyOf(denyList);
    }

    public DefaultLimits(@Nullable Limits shop, @Nullable Limits client, @Nullable Limits clientTotal) {
        this(shop, client, clientTotal, null, null);
    }
}
