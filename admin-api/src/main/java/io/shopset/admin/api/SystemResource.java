package io.shopset.admin.api;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The open routes: {@code /healthz} (the process is alive), {@code /readyz} (a routing snapshot is
 * loaded and the gateway is not stopping) and {@code /metrics} (Prometheus text).
 */
public final class SystemResource {

    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private SystemResource() {
    }

    public static void register(Router router, BooleanSupplier ready, Supplier<String> scrape) {
        router.add(new Route("GET", "/healthz", null, req -> AdminResponse.json(Map.of("status", "ok"))));
        router.add(new Route("GET", "/readyz", null, req -> ready.getAsBoolean()
                ? AdminResponse.json(Map.of("status", "ready"))
                : AdminResponse.json(503, Map.of("status", "not ready"))));
        router.add(new Route("GET", "/metrics", null, req -> AdminResponse.text(200, PROMETHEUS, scrape.get())));
    }
}
