package io.shopset.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.source.FileRoutingSource;

/** Changing the configuration file under load swaps the routing table without failing a request. */
class HotReloadTest {

    @TempDir
    Path dir;

    @Test
    void reloadsTheFileUnderLoadWithoutAFailedRequest() throws Exception {
        try (GatewayHarness h = new GatewayHarness()) {
            final Path file = dir.resolve("shopset.yaml");
            final String v1 = h.yaml("");
            // v2 moves alpha to prod-b first and adds a shop.
            final String v2 = v1.replace("shopsets: [prod-a, prod-b]}", "shopsets: [prod-b, prod-a]}")
                                + "  - {id: gamma, shopsets: [prod-a]}\n";
            final String v2Fixed = v2;
            Files.writeString(file, v1);
            final List<String> failures = new ArrayList<>();
            final AtomicInteger served = new AtomicInteger();
            final AtomicBoolean running = new AtomicBoolean(true);
            final ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
            try (FileRoutingSource source = new FileRoutingSource(file, ConfigLoader.parse(v1), h.table,
                                                                  Duration.ofMillis(20), r -> { })) {
                final List<Thread> clients = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    final Thread th = new Thread(() -> {
                        try (RawHttp c = h.connect()) {
                            while (running.get()) {
                                final RawHttp.Response r = c.send(RawHttp.get("alpha.shops.test", "/")).read();
                                if (r.status() != 200) {
                                    synchronized (failures) {
                                        failures.add(r.status() + " " + r.bodyText());
                                    }
                                }
                                seen.put(r.header("X-ShopSet"), true);
                                served.incrementAndGet();
                            }
                        } catch (Exception e) {
                            synchronized (failures) {
                                failures.add(e.toString());
                            }
                        }
                    });
                    th.start();
                    clients.add(th);
                }
                final long v0 = h.table.current().version();
                for (int i = 0; i < 10; i++) {
                    final String next = i % 2 == 0 ? v2Fixed : v1;
                    final Path tmp = dir.resolve("next.yaml");
                    Files.writeString(tmp, next);
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    final long want = v0 + i + 1;
                    await().atMost(Duration.ofSeconds(5)).until(() -> h.table.current().version() >= want);
                    final int at = served.get();
                    await().atMost(Duration.ofSeconds(5)).until(() -> served.get() > at + 20);
                }
                running.set(false);
                for (Thread th : clients) {
                    th.join();
                }
            }
            assertThat(failures).isEmpty();
            assertThat(served.get()).isGreaterThan(200);
            assertThat(seen.keySet()).contains("prod-a", "prod-b");
            // The last file written (i = 9) is v1, which has no gamma.
            assertThat(h.get("gamma.shops.test", "/").status()).isEqualTo(404);
        }
    }
}
