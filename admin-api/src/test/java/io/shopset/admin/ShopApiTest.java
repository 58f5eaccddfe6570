package io.shopset.admin;

import static io.shopset.admin.AdminHarness.ADMIN;
import static io.shopset.admin.AdminHarness.OPERATOR;
import static io.shopset.admin.AdminHarness.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shopset.admin.AdminHarness.Response;
import io.shopset.routing.ShopRoute;

class ShopApiTest {

    @TempDir
    Path dir;
    AdminHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new AdminHarness(dir);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void getShowsTheShopWithAnETag() {
        final Response r = h.get("/api/v1/shops/alpha", VIEWER);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("ETag")).matches("\"[0-9a-f]{16}\"");
        final JsonNode j = r.json();
        assertThat(j.path("id").asText()).isEqualTo("alpha");
        assertThat(j.path("hosts").toString()).isEqualTo("[\"www.alpha.example\"]");
        assertThat(j.path("configuration").asText()).isEqualTo("production");
        assertThat(j.path("tier").asText()).isEqualTo("prod");
        assertThat(j.path("shopsets").toString()).isEqualTo("[\"prod-a\",\"prod-b\"]");
        assertThat(j.path("isolated").asBoolean()).isFalse();
        assertThat(j.has("rememberedShopsets")).isTrue();
        assertThat(j.get("rememberedShopsets").isNull()).isTrue();
        assertThat(j.path("limits").isObject()).isTrue();
        assertThat(h.get("/api/v1/shops/beta", VIEWER).json().path("shopsets").size()).isEqualTo(2);
    }

    @Test
    void putCreatesThenReplacesHonouringIfMatch() {
        final Response created = h.put("/api/v1/shops/gamma", ADMIN,
                                       "{\"hosts\":[\"gamma.example\"],\"limits\":{\"requestsPerSecond\":50}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        final String etag = created.header("ETag");
        assertThat(h.table.current().resolve("gamma.example")).isNotNull();

        final Response replaced = h.put("/api/v1/shops/gamma", ADMIN, "{\"hosts\":[\"gamma2.example\"]}",
                                        "If-Match", etag);
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.header("ETag")).isNotEqualTo(etag);

        final Response stale = h.put("/api/v1/shops/gamma", ADMIN, "{\"hosts\":[\"gamma3.example\"]}",
                                     "If-Match", etag);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().path("field").asText()).isEqualTo("If-Match");
        assertThat(h.table.current().resolve("gamma2.example")).isNotNull();
        assertThat(h.table.current().resolve("gamma3.example")).isNull();

        assertThat(h.put("/api/v1/shops/gamma", ADMIN, "{}", "If-None-Match", "*").status()).isEqualTo(409);
    }

    @Test
    void deleteHonoursIfMatch() {
        final String etag = h.get("/api/v1/shops/beta", VIEWER).header("ETag");
        assertThat(h.call("DELETE", "/api/v1/shops/beta", ADMIN, null, "If-Match", "\"0000000000000000\"").status())
                .isEqualTo(409);

        final Response deleted = h.call("DELETE", "/api/v1/shops/beta", ADMIN, null, "If-Match", etag);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(h.get("/api/v1/shops/beta", VIEWER).status()).isEqualTo(404);
        assertThat(h.table.current().resolve("beta.shops.test")).isNull();
    }

    @Test
    void isolateAndRestoreAreIdempotent() {
        final Response first = h.post("/api/v1/shops/alpha/isolate", OPERATOR, "{\"shopset\":\"vip-1\"}");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().path("shopsets").toString()).isEqualTo("[\"vip-1\"]");
        assertThat(first.json().path("isolated").asBoolean()).isTrue();
        assertThat(first.json().path("rememberedShopsets").toString()).isEqualTo("[\"prod-a\",\"prod-b\"]");
        final long version = h.store.current().version();

        final Response again = h.post("/api/v1/shops/alpha/isolate", OPERATOR, "{\"shopset\":\"vip-1\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(h.store.current().version()).isEqualTo(version);

        final ShopRoute route = h.table.current().resolve("www.alpha.example");
        assertThat(route.isolated()).isTrue();
        assertThat(route.candidates()).extracting(s -> s.name()).containsExactly("vip-1", "prod-a", "prod-b");

        final Response restored = h.post("/api/v1/shops/alpha/restore", OPERATOR, null);
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(restored.json().path("shopsets").toString()).isEqualTo("[\"prod-a\",\"prod-b\"]");
        assertThat(restored.json().path("isolated").asBoolean()).isFalse();
        assertThat(h.post("/api/v1/shops/alpha/restore", OPERATOR, "{}").json()).isEqualTo(restored.json());
        assertThat(h.table.current().resolve("www.alpha.example").candidates()).extracting(s -> s.name())
                                                                                .containsExactly("prod-a", "prod-b");
    }

    @Test
    void aPlacerPlacedShopIsRestoredToThePlacementItHad() {
        final List<String> before = names(h.get("/api/v1/shops/beta", VIEWER).json().path("shopsets"));
        h.post("/api/v1/shops/beta/isolate", OPERATOR, "{\"shopset\":\"vip-1\"}");
        final Response restored = h.post("/api/v1/shops/beta/restore", OPERATOR, null);
        assertThat(names(restored.json().path("shopsets"))).isEqualTo(before);
    }

    @Test
    void listsPagesByPrefixAndCursor() {
        for (int i = 0; i < 7; i++) {
            assertThat(h.put("/api/v1/shops/page-" + i, ADMIN, "{}").status()).isEqualTo(201);
        }
        final List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            final Response r = h.get("/api/v1/shops?prefix=page-&limit=3" + (cursor == null ? "" : "&cursor=" + cursor),
                                     VIEWER);
            assertThat(r.status()).isEqualTo(200);
            r.json().path("shops").forEach(s -> seen.add(s.path("id").asText()));
            cursor = r.json().path("next").isNull() ? null : r.json().path("next").asText();
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactly("page-0", "page-1", "page-2", "page-3", "page-4", "page-5", "page-6");
        assertThat(pages).isEqualTo(3);
        assertThat(h.get("/api/v1/shops", VIEWER).json().path("shops").size()).isEqualTo(10);
    }

    @Test
    void concurrentConflictingWrites_exactlyOneWinsAndNothingIsLost() throws Exception {
        final String etag = h.get("/api/v1/shops/alpha", VIEWER).header("ETag");
        final int writers = 6;
        final ExecutorService pool = Executors.newFixedThreadPool(writers);
        final CountDownLatch go = new CountDownLatch(1);
        try {
            final List<Future<Response>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                final String host = "w" + i + ".alpha.example";
                results.add(pool.submit((Callable<Response>) () -> {
                    go.await();
                    return h.put("/api/v1/shops/alpha", ADMIN, "{\"hosts\":[\"" + host + "\"]," +
                                 "\"shopsets\":[\"prod-a\",\"prod-b\"]}", "If-Match", etag);
                }));
            }
            // Unrelated writes at the same time: none may be lost.
            for (int i = 0; i < writers; i++) {
                final String id = "other-" + i;
                results.add(pool.submit((Callable<Response>) () -> {
                    go.await();
                    return h.put("/api/v1/shops/" + id, ADMIN, "{}");
                }));
            }
            go.countDown();
            int ok = 0;
            int conflicts = 0;
            for (int i = 0; i < writers; i++) {
                final int s = results.get(i).get().status();
                ok += s == 200 ? 1 : 0;
                conflicts += s == 409 ? 1 : 0;
            }
            assertThat(ok).isEqualTo(1);
            assertThat(conflicts).isEqualTo(writers - 1);
            for (int i = writers; i < results.size(); i++) {
                assertThat(results.get(i).get().status()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < writers; i++) {
            assertThat(h.get("/api/v1/shops/other-" + i, VIEWER).status()).isEqualTo(200);
        }
        assertThat(h.get("/api/v1/shops/alpha", VIEWER).json().path("hosts").size()).isEqualTo(1);
    }

    @Test
    void adminChangesSurviveARestartOfTheFileStore() throws Exception {
        h.post("/api/v1/shops/alpha/isolate", OPERATOR, "{\"shopset\":\"vip-1\"}");
        h.put("/api/v1/shops/gamma", ADMIN, "{\"hosts\":[\"gamma.example\"]}");
        h.close();

        h = new AdminHarness(dir);

        assertThat(h.get("/api/v1/shops/alpha", VIEWER).json().path("isolated").asBoolean()).isTrue();
        assertThat(h.table.current().resolve("gamma.example")).isNotNull();
        assertThat(h.get("/api/v1/audit", VIEWER).json().size()).isEqualTo(2);
    }

    private static List<String> names(JsonNode array) {
        final List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
