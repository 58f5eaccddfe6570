package io.shopset.admin;

import static io.shopset.admin.AdminHarness.ADMIN;
import static io.shopset.admin.AdminHarness.OPERATOR;
import static io.shopset.admin.AdminHarness.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shopset.admin.AdminHarness.Response;
import io.shopset.routing.model.ShopSet;

class ShopSetApiTest {

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
    void listsShopSetsWithHealthStateAndShopCount() {
        final JsonNode sets = h.get("/api/v1/shopsets", VIEWER).json().path("shopsets");
        assertThat(sets.size()).isEqualTo(4);
        final JsonNode prodA = sets.get(0);
        assertThat(prodA.path("name").asText()).isEqualTo("prod-a");
        assertThat(prodA.path("state").asText()).isEqualTo("ready");
        assertThat(prodA.path("failureDomain").asText()).isEqualTo("dc-a");
        assertThat(prodA.path("endpoints").get(0).path("endpoint").asText()).isEqualTo("127.0.0.1:9001");
        assertThat(prodA.path("endpoints").get(0).path("healthy").asBoolean()).isTrue();
        final int total = h.table.current().placements().values().stream().mapToInt(p -> p.size()).sum();
        int counted = 0;
        for (JsonNode s : sets) {
            counted += s.path("shops").asInt();
        }
        assertThat(counted).isEqualTo(total);
        assertThat(h.get("/api/v1/shopsets/vip-1", VIEWER).header("ETag")).isNotBlank();
    }

    @Test
    void putCreatesAShopSetAndAcceptsWhatGetShows() {
        final Response created = h.put("/api/v1/shopsets/prod-d", ADMIN,
                                        "{\"tier\":\"prod\",\"failureDomain\":\"dc-c\",\"endpoints\":[\"127.0.0.1:9011\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(h.table.current().shopSet("prod-d")).isNotNull();

        final Response got = h.get("/api/v1/shopsets/prod-d", VIEWER);
        final String edited = got.body().replace("\"capacity\":1.0", "\"capacity\":2.0");
        final Response replaced = h.put("/api/v1/shopsets/prod-d", ADMIN, edited, "If-Match", got.header("ETag"));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(h.table.current().shopSet("prod-d").capacity()).isEqualTo(2.0);
        assertThat(h.put("/api/v1/shopsets/prod-d", ADMIN, edited, "If-Match", got.header("ETag")).status())
                .isEqualTo(409);
    }

    @Test
    void dryRunReturnsThePlanAndAppliesNothing() {
        final long version = h.store.current().version();
        final Response plan = h.post("/api/v1/shopsets/prod-c/drain", OPERATOR, "{\"dryRun\":true}");

        assertThat(plan.status()).as(plan.toString()).isEqualTo(200);
        assertThat(plan.json().path("moves").size()).isGreaterThanOrEqualTo(1);
        final JsonNode solo = plan.json().path("moves").findParent("shop");
        assertThat(plan.json().path("moves").toString()).contains("\"shop\":\"solo\"", "\"from\":\"prod-c\"");
        assertThat(solo).isNotNull();
        assertThat(plan.json().path("underReplicated").isArray()).isTrue();
        assertThat(h.store.current().version()).isEqualTo(version);
        assertThat(h.table.current().shopSet("prod-c").draining()).isFalse();
    }

    @Test
    void drainMovesShopsAndUndrainMakesTheShopSetEligibleAgain() {
        final Response drained = h.post("/api/v1/shopsets/prod-c/drain", OPERATOR, null);
        assertThat(drained.status()).as(drained.toString()).isEqualTo(200);
        assertThat(h.table.current().shopSet("prod-c").draining()).isTrue();
        assertThat(h.table.current().placements().values()).noneMatch(p -> p.contains("prod-c"));
        assertThat(h.get("/api/v1/shopsets/prod-c", VIEWER).json().path("state").asText()).isEqualTo("draining");

        final Response again = h.post("/api/v1/shopsets/prod-c/drain", OPERATOR, "{}");
        assertThat(again.json().path("moves").size()).isZero();

        final Response undrained = h.post("/api/v1/shopsets/prod-c/undrain", OPERATOR, null);
        assertThat(undrained.status()).isEqualTo(200);
        assertThat(undrained.json().path("moves").size()).isZero();
        assertThat(h.table.current().shopSet("prod-c").draining()).isFalse();
    }

    @Test
    void aDrainThatLeavesAShopWithNothingIs409AndAppliesNothing() {
        assertThat(h.post("/api/v1/failure-domains/dc-a/drain", OPERATOR, null).status()).isEqualTo(200);
        final Response b = h.post("/api/v1/failure-domains/dc-b/drain", OPERATOR, null);
        assertThat(b.status()).isEqualTo(200);
        assertThat(b.json().path("underReplicated").toString()).contains("alpha");
        final long version = h.store.current().version();

        final Response c = h.post("/api/v1/failure-domains/dc-c/drain", OPERATOR, null);

        assertThat(c.status()).isEqualTo(409);
        assertThat(c.json().path("error").asText()).contains("\"alpha\"");
        assertThat(h.store.current().version()).isEqualTo(version);
        assertThat(h.table.current().state().shopsets().stream().filter(ShopSet::draining).map(ShopSet::name))
                .containsExactlyInAnyOrder("prod-a", "vip-1", "prod-b");
    }

    @Test
    void aFailureDomainDrainNeverPutsTwoReplicasInOneDomain() {
        final Response r = h.post("/api/v1/failure-domains/dc-b/drain", OPERATOR, null);
        assertThat(r.status()).isEqualTo(200);
        for (var e : h.table.current().placements().entrySet()) {
            assertThat(e.getValue().stream().map(n -> h.table.current().shopSet(n).failureDomain()).distinct().count())
                    .as(e.getKey()).isEqualTo(e.getValue().size());
        }
        assertThat(h.get("/api/v1/audit", VIEWER).json().get(0).path("what").asText()).isEqualTo("drain");
    }
}
