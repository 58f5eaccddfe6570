package io.shopset.admin;

import static io.shopset.admin.AdminHarness.ADMIN;
import static io.shopset.admin.AdminHarness.OPERATOR;
import static io.shopset.admin.AdminHarness.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shopset.admin.AdminHarness.Response;
import io.shopset.routing.model.ShopSet;

/**
 * ShopSets the Kubernetes controller owns ({@code managedBy: controller}, here prod-c) are read-only
 * in the admin API: PUT, drain and undrain (of the ShopSet or of a failure domain holding it) are
 * 409 and change nothing; shops, placements and the ShopSets nobody owns stay writable.
 */
class ManagedShopSetTest {

    @TempDir
    Path dir;
    AdminHarness h;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("shopset.yaml"), AdminHarness.YAML.replace(
                "{name: prod-c, tier: prod, failureDomain: dc-c, endpoints: [127.0.0.1:9003]}",
                "{name: prod-c, tier: prod, failureDomain: dc-c, endpoints: [127.0.0.1:9003], managedBy: controller}"));
        h = new AdminHarness(dir);
        assertThat(h.table.current().shopSet("prod-c").managedBy()).isEqualTo(ShopSet.MANAGED_BY_CONTROLLER);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void getShowsTheOwner() {
        assertThat(h.get("/api/v1/shopsets/prod-c", VIEWER).json().path("managedBy").asText()).isEqualTo("controller");
        assertThat(h.get("/api/v1/shopsets/prod-a", VIEWER).json().has("managedBy")).isFalse();
    }

    @Test
    void putOfAManagedShopSetIs409AndChangesNothing() {
        final long version = h.store.current().version();
        final Response r = h.put("/api/v1/shopsets/prod-c", ADMIN,
                                 "{\"tier\":\"prod\",\"failureDomain\":\"dc-c\",\"endpoints\":[\"127.0.0.1:9999\"]}");

        assertThat(r.status()).as(r.toString()).isEqualTo(409);
        assertThat(r.json().path("error").asText()).startsWith("managed by the controller")
                                                   .contains("\"prod-c\"", "kubectl edit shopset prod-c");
        assertThat(r.json().path("field").asText()).isEqualTo("name");
        assertThat(h.store.current().version()).isEqualTo(version);
        assertThat(h.table.current().shopSet("prod-c").endpoints()).extracting(Object::toString)
                                                                 .containsExactly("127.0.0.1:9003");
    }

    @Test
    void drainAndUndrainOfAManagedShopSetAre409_dryRunToo() {
        final long version = h.store.current().version();
        for (String body : new String[] {null, "{\"dryRun\":true}"}) {
            final Response r = h.post("/api/v1/shopsets/prod-c/drain", OPERATOR, body);
            assertThat(r.status()).as(r.toString()).isEqualTo(409);
            assertThat(r.json().path("error").asText()).startsWith("managed by the controller")
                                                       .contains("spec.draining", "kubectl patch shopset prod-c");
        }
        assertThat(h.post("/api/v1/shopsets/prod-c/undrain", OPERATOR, null).status()).isEqualTo(409);
        assertThat(h.store.current().version()).isEqualTo(version);
        assertThat(h.table.current().shopSet("prod-c").draining()).isFalse();
        assertThat(h.table.current().placements().get("solo")).containsExactly("prod-c");
    }

    @Test
    void drainOfAFailureDomainHoldingAManagedShopSetIs409NamingIt() {
        final long version = h.store.current().version();
        final Response r = h.post("/api/v1/failure-domains/dc-c/drain", OPERATOR, null);

        assertThat(r.status()).as(r.toString()).isEqualTo(409);
        assertThat(r.json().path("error").asText()).startsWith("managed by the controller")
                                                   .contains("\"dc-c\"", "\"prod-c\"", "cordon its FailureDomain resource");
        assertThat(h.store.current().version()).isEqualTo(version);
        assertThat(h.post("/api/v1/failure-domains/dc-a/drain", OPERATOR, "{\"dryRun\":true}").status())
                .as("a domain without managed ShopSets drains as before").isEqualTo(200);
    }

    @Test
    void shopsAndUnmanagedShopSetsStayWritable_andManagedByCannotBeSetThroughTheApi() {
        final Response shop = h.put("/api/v1/shops/solo", ADMIN, "{\"hosts\":[],\"shopsets\":[\"prod-c\",\"prod-a\"]}");
        assertThat(shop.status()).as(shop.toString()).isEqualTo(200);
        assertThat(h.table.current().placements().get("solo")).containsExactly("prod-c", "prod-a");

        final Response set = h.put("/api/v1/shopsets/prod-d", ADMIN, "{\"tier\":\"prod\",\"failureDomain\":\"dc-c\"," +
                                                                   "\"endpoints\":[\"127.0.0.1:9011\"],\"managedBy\":\"controller\"}");
        assertThat(set.status()).as(set.toString()).isEqualTo(201);
        assertThat(h.table.current().shopSet("prod-d").managedBy()).as("managedBy is read-only").isNull();
        assertThat(h.put("/api/v1/shopsets/prod-d", ADMIN, "{\"tier\":\"prod\",\"failureDomain\":\"dc-c\"," +
                                                          "\"endpoints\":[\"127.0.0.1:9012\"]}").status()).isEqualTo(200);
    }
}
