package io.shopset.admin;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.shopset.admin.api.AuditResource;
import io.shopset.admin.api.DrainResource;
import io.shopset.admin.api.ExplainResource;
import io.shopset.admin.api.ExportResource;
import io.shopset.admin.api.HealthView;
import io.shopset.admin.api.RebalanceResource;
import io.shopset.admin.api.RoutingTableResource;
import io.shopset.admin.api.Router;
import io.shopset.admin.api.ShopResource;
import io.shopset.admin.api.ShopSetResource;
import io.shopset.admin.api.SystemResource;
import io.shopset.admin.api.WhatIfResource;
import io.shopset.admin.auth.Tokens;
import io.shopset.admin.change.ChangeService;
import io.shopset.admin.page.StatusPage;
import io.shopset.admin.server.AdminServer;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.store.RoutingStore;

/**
 * Wires the admin API's routes onto an admin listener.
 */
public final class AdminApi {

    private AdminApi() {
    }

    /**
     * The router with only the open routes (health, metrics, the status page) and
     * {@code /api/v1/routing-table} (no store).
     */
    public static Router router(Tokens tokens, RoutingTable table, BooleanSupplier ready, Supplier<String> scrape) {
        return router(tokens, table, HealthView.ALL_HEALTHY, ready, scrape);
    }

    private static Router router(Tokens tokens, RoutingTable table, HealthView health, BooleanSupplier ready,
                                 Supplier<String> scrape) {
        final Router router = new Router(tokens);
        SystemResource.register(router, ready, scrape);
        StatusPage.register(router);
        RoutingTableResource.register(router, table, health);
        return router;
    }

    /**
     * The router with every route of the admin API (CONTRACT.md "Admin API"), changing the routing
     * state through {@code store}.
     *
     * @param health      the data plane's view of health ({@link HealthView#ALL_HEALTHY} until it has one)
     * @param localDomain the gateway's failure domain when it prefers it (explain), else {@code null}
     */
    public static Router router(Tokens tokens, RoutingTable table, RoutingStore store, HealthView health,
                                @Nullable String localDomain, Clock clock, BooleanSupplier ready,
                                Supplier<String> scrape) {
        return router(tokens, table, store, health, localDomain, clock, ready, scrape, Map::of, shop -> 0);
    }

    /**
     * As {@link #router(Tokens, RoutingTable, RoutingStore, HealthView, String, Clock, BooleanSupplier, Supplier)},
     * with the data plane's recent request rates by shop (the top-shops feed) for rebalance and what-if,
     * and its count of each warming shop's mirrored requests for the shop's document.
     */
    public static Router router(Tokens tokens, RoutingTable table, RoutingStore store, HealthView health,
                                @Nullable String localDomain, Clock clock, BooleanSupplier ready,
                                Supplier<String> scrape, Supplier<Map<String, Double>> rates,
                                ToLongFunction<String> mirrored) {
        final Router router = router(tokens, table, health, ready, scrape);
        final ChangeService changes = new ChangeService(store, clock);
        ShopResource.register(router, changes, mirrored);
        ShopSetResource.register(router, changes, table, health);
        DrainResource.register(router, changes);
        ExplainResource.register(router, table, health, localDomain);
        AuditResource.register(router, store);
        ExportResource.register(router, changes);
        RebalanceResource.register(router, changes, health, rates);
        WhatIfResource.register(router, table, rates);
        return router;
    }

    /**
     * Starts the admin listener on {@code bind}.
     *
     * @throws InterruptedException when interrupted while binding
     */
    public static AdminServer start(InetSocketAddress bind, Router router) throws InterruptedException {
        return new AdminServer(bind, router);
    }
}
