package io.shopset.admin;

import static io.shopset.admin.AdminHarness.ADMIN;
import static io.shopset.admin.AdminHarness.OPERATOR;
import static io.shopset.admin.AdminHarness.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shopset.admin.AdminHarness.Response;
import io.shopset.admin.api.HealthView;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.store.StateDiff;

class ExplainAuditExportTest {

    @TempDir
    Path dir;

    @Test
    void explainNamesEveryCandidateAndTheChosenOne() throws Exception {
        final HealthView prodADown = new HealthView() {
            @Override
            public boolean endpointHealthy(String shopSet, Endpoint e) {
                return !shopSet.equals("prod-a");
            }

            @Override
            public String shopSetState(String shopSet) {
                return shopSet.equals("prod-a") ? DOWN : READY;
            }
        };
        try (AdminHarness h = new AdminHarness(dir, prodADown)) {
            final Response r = h.get("/api/v1/explain?host=WWW.Alpha.Example:8080", VIEWER);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            final JsonNode j = r.json();
            assertThat(j.path("host").asText()).isEqualTo("www.alpha.example");
            assertThat(j.path("shop").asText()).isEqualTo("alpha");
            assertThat(j.path("candidates").size()).isEqualTo(2);
            assertThat(j.path("candidates").get(0).path("shopset").asText()).isEqualTo("prod-a");
            assertThat(j.path("candidates").get(0).path("failureDomain").asText()).isEqualTo("dc-a");
            assertThat(j.path("candidates").get(0).path("healthy").asBoolean()).isFalse();
            assertThat(j.path("candidates").get(0).path("reason").asText()).contains("down");
            assertThat(j.path("chosen").asText()).isEqualTo("prod-b");

            h.post("/api/v1/shops/alpha/isolate", OPERATOR, "{\"shopset\":\"vip-1\"}");
            final JsonNode isolated = h.get("/api/v1/explain?host=alpha.shops.test", VIEWER).json();
            assertThat(isolated.path("candidates").get(0).path("shopset").asText()).isEqualTo("vip-1");
            assertThat(isolated.path("candidates").get(0).path("reason").asText()).contains("isolated");
            assertThat(isolated.path("candidates").get(2).path("reason").asText()).contains("remembered");
            assertThat(isolated.path("chosen").asText()).isEqualTo("vip-1");
        }
    }

    @Test
    void auditRecordsWhoWhatBeforeAfterAndWhenAlsoInTheAuditFile() throws Exception {
        try (AdminHarness h = new AdminHarness(dir)) {
            h.post("/api/v1/shops/alpha/isolate", OPERATOR, "{\"shopset\":\"vip-1\"}");
            h.put("/api/v1/shops/gamma", ADMIN, "{}");

            final JsonNode audit = h.get("/api/v1/audit", VIEWER).json();
            assertThat(audit.size()).isEqualTo(2);
            final JsonNode latest = audit.get(0);
            assertThat(latest.path("who").asText()).isEqualTo("ada");
            assertThat(latest.path("what").asText()).isEqualTo("create-shop");
            assertThat(latest.path("target").asText()).isEqualTo("shop/gamma");
            assertThat(latest.get("before").isNull()).isTrue();
            assertThat(latest.path("after").path("id").asText()).isEqualTo("gamma");
            assertThat(latest.path("when").asText()).endsWith("Z");
            final JsonNode isolate = audit.get(1);
            assertThat(isolate.path("who").asText()).isEqualTo("otto");
            assertThat(isolate.path("before").path("shopsets").toString()).isEqualTo("[\"prod-a\",\"prod-b\"]");
            assertThat(isolate.path("after").path("shopsets").toString()).isEqualTo("[\"vip-1\"]");

            final Path file = dir.resolve("state.json.audit.jsonl");
            assertThat(Files.readAllLines(file)).hasSize(2).first().asString().contains("\"who\":\"otto\"");
        }
    }

    @Test
    void exportIsTheFilesFormatAndImportReplacesAllOrNothing() throws Exception {
        try (AdminHarness h = new AdminHarness(dir)) {
            h.post("/api/v1/shops/alpha/isolate", OPERATOR, "{\"shopset\":\"vip-1\"}");
            final Response export = h.get("/api/v1/export", VIEWER);
            assertThat(export.status()).isEqualTo(200);
            assertThat(export.header("Content-Type")).startsWith("application/yaml");
            final var parsed = ConfigLoader.parse(export.body()).routingState();
            assertThat(StateDiff.same(parsed, h.store.current().state())).isTrue();

            final String changed = export.body().replace("- id: solo", "- id: solo2");
            final Response imported = h.post("/api/v1/import", ADMIN, changed);
            assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
            assertThat(h.table.current().shop("solo2")).isNotNull();
            assertThat(h.table.current().shop("solo")).isNull();

            final long version = h.store.current().version();
            final String broken = export.body().replace("- id: beta", "- id: beta\n  shopsets: [nope]");
            final Response refused = h.post("/api/v1/import", ADMIN, broken);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().path("field").asText()).matches("shops\\[\\d+]\\.shopsets\\[0]");
            assertThat(h.store.current().version()).isEqualTo(version);

            // A whole configuration file is accepted: its per-process settings are ignored.
            final Response whole = h.post("/api/v1/import", ADMIN, "listen: 127.0.0.1:1\n" + AdminHarness.YAML);
            assertThat(whole.status()).as(whole.toString()).isEqualTo(200);
            assertThat(h.table.current().shop("solo")).isNotNull();
        }
    }
}
