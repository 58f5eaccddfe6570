package io.shopset.admin;

import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.shopset.admin.api.RoutingTableResource;
import io.shopset.admin.api.Router;
import io.shopset.admin.api.SystemResource;
import io.shopset.admin.auth.Tokens;
import io.shopset.admin.server.AdminServer;
import io.shopset.routing.RoutingTable;

/**
 * Wires the admin API's routes onto an admin listener.
 */
public final class AdminApi {

    private AdminApi() {
    }

    /** The router with every route of the admin API. */
    public static Router router(Tokens tokens, RoutingTable table, BooleanSupplier ready, Supplier<String> scrape) {
        final Router router = new Router(tokens);
        SystemResource.register(router, ready, scrape);
        RoutingTableResource.register(router, table);
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
