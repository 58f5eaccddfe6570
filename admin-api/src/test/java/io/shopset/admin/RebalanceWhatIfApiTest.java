package io.shopset.admin;

import static io.shopset.admin.AdminHarness.ADMIN;
import static io.shopset.admin.AdminHarness.OPERATOR;
import static io.shopset.admin.AdminHarness.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shopset.admin.AdminHarness.Response;

/** {@code POST /api/v1/rebalance} and {@code GET /api/v1/what-if} over a real file store. */
class RebalanceWhatIfApiTest {

    @TempDir
    Path dir;

    /** Four more shops on [prod-a, prod-b]: prod-c (only solo, and maybe beta) is the empty one. */
    private static void crowd(AdminHarness h) {
        for (int i = 1; i <= 4; i++) {
            final Response r = h.put("/api/v1/shops/s" + i, ADMIN, "{\"shopsets\":[\"prod-a\",\"prod-b\"]}");
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
        }
    }

    @Test
    void rebalanceMovesWithinItsBudgetAndIsAudited() throws Exception {
        try (AdminHarness h = new AdminHarness(dir)) {
            crowd(h);
            final long version = h.get("/api/v1/routing-table", VIEWER).json().get("version").asLong();
            final Response dry = h.post("/api/v1/rebalance", OPERATOR, "{\"dryRun\":true,\"maxMoves\":2}");
            assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
            final JsonNode plan = dry.json();
            assertThat(plan.get("dryRun").asBoolean()).isTrue();
            assertThat(plan.get("moves")).hasSize(2);
            assertThat(plan.get("moves").findValuesAsText("to")).containsOnly("prod-c");
            assertThat(plan.at("/skipped/maxMoves").asInt()).isPositive();
            assertThat(h.get("/api/v1/routing-table", VIEWER).json().get("version").asLong())
                    .as("a dry run changes nothing").isEqualTo(version);

            final JsonNode applied = h.post("/api/v1/rebalance", OPERATOR, "{\"maxMoves\":2}").json();
            assertThat(applied.get("moves")).isEqualTo(plan.get("moves"));
            assertThat(applied.get("version").asLong()).isEqualTo(version + 1);
            final String moved = applied.get("moves").get(0).get("shop").asText();
            assertThat(h.get("/api/v1/shops/" + moved, VIEWER).json().get("shopsets").toString()).contains("prod-c");
            final JsonNode audit = h.get("/api/v1/audit?limit=1", VIEWER).json().get(0);
            assertThat(audit.get("who").asText()).isEqualTo("otto");
            assertThat(audit.get("what").asText()).isEqualTo("rebalance");
            assertThat(audit.at("/after/moves")).hasSize(2);
        }
    }

    @Test
    void rebalanceRefusesBadInputNamingTheFieldAndNeedsTheOperatorRole() throws Exception {
        try (AdminHarness h = new AdminHarness(dir)) {
            assertThat(h.post("/api/v1/rebalance", VIEWER, "{}").status()).isEqualTo(403);
            assertThat(h.get("/api/v1/rebalance", OPERATOR).status()).isEqualTo(405);
            Response r = h.post("/api/v1/rebalance", OPERATOR, "{\"maxMoves\":-1}");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("maxMoves");
            r = h.post("/api/v1/rebalance", OPERATOR, "{\"maxTrafficShare\":1.5}");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("maxTrafficShare");
            r = h.post("/api/v1/rebalance", OPERATOR, "{\"dryrun\":true}");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("dryrun");
            r = h.post("/api/v1/rebalance", OPERATOR, "{\"dryRun\":\"yes\"}");
            assertThat(r.json().get("field").asText()).isEqualTo("dryRun");
        }
    }

    @Test
    void whatIfListsTheShopsThatWouldLoseEveryReplicaOrBeLeftOnOne() throws Exception {
        try (AdminHarness h = new AdminHarness(dir)) {
            crowd(h);
            final Response r = h.get("/api/v1/what-if?shopset=prod-c", VIEWER);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            final JsonNode j = r.json();
            assertThat(j.get("shopset").asText()).isEqualTo("prod-c");
            assertThat(j.get("failed").toString()).isEqualTo("[\"prod-c\"]");
            assertThat(j.at("/loseEveryReplica/shops").toString()).isEqualTo("[\"solo\"]");
            assertThat(j.at("/loseEveryReplica/count").asInt()).isEqualTo(1);

            final JsonNode domain = h.get("/api/v1/what-if?failureDomain=dc-a", VIEWER).json();
            assertThat(domain.get("failed").toString()).isEqualTo("[\"prod-a\",\"vip-1\"]");
            assertThat(domain.at("/loseEveryReplica/count").asInt()).isZero();
            assertThat(domain.at("/leftOnOne/shops").toString()).contains("\"alpha\"", "\"s1\"", "\"s4\"")
                                                                .doesNotContain("solo");
            assertThat(domain.get("load").findValuesAsText("shopset")).containsExactly("prod-b", "prod-c");
            final JsonNode prodB = domain.get("load").get(0);
            assertThat(prodB.get("shopsAfter").asInt()).isGreaterThanOrEqualTo(5);

            final JsonNode limited = h.get("/api/v1/what-if?failureDomain=dc-a&limit=1", VIEWER).json();
            assertThat(limited.at("/leftOnOne/shops")).hasSize(1);
            assertThat(limited.at("/leftOnOne/count").asInt()).isEqualTo(domain.at("/leftOnOne/count").asInt());
        }
    }

    @Test
    void whatIfNeedsExactlyOneKnownTarget() throws Exception {
        try (AdminHarness h = new AdminHarness(dir)) {
            Response r = h.get("/api/v1/what-if", VIEWER);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("failureDomain");
            r = h.get("/api/v1/what-if?failureDomain=dc-a&shopset=prod-a", VIEWER);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("shopset");
            r = h.get("/api/v1/what-if?failureDomain=dc-z", VIEWER);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.json().get("field").asText()).isEqualTo("failureDomain");
            r = h.get("/api/v1/what-if?shopset=nope", VIEWER);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.json().get("field").asText()).isEqualTo("shopset");
            r = h.get("/api/v1/what-if?shopset=prod-a&limit=0", VIEWER);
            assertThat(r.json().get("field").asText()).isEqualTo("limit");
            assertThat(h.get("/api/v1/what-if?shopset=prod-a", null).status()).isEqualTo(401);
        }
    }
}
