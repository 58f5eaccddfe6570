package io.shopset.admin;

import static io.shopset.admin.AdminHarness.ADMIN;
import static io.shopset.admin.AdminHarness.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.shopset.admin.AdminHarness.Response;
import io.shopset.admin.api.HealthView;
import io.shopset.routing.model.Endpoint;

/**
 * The status page's files over a real admin listener: open, typed, cached with revalidation, kept
 * to their own origin; unknown files 404, other methods 405. (The page's behaviour in a browser:
 * the app module's StatusPageBrowserTest.)
 */
class StatusPageTest {

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

    @ParameterizedTest(name = "[{index}] {0} is {1}")
    @CsvSource({
            "/,                    text/html; charset=utf-8,       <script src=\"/status/status.js\" defer></script>",
            "/status/status.js,    text/javascript; charset=utf-8, /api/v1/shopsets",
            "/status/status.css,   text/css; charset=utf-8,        .grid",
            "/status/favicon.svg,  image/svg+xml,                  <svg",
    })
    void servesThePageAndItsFilesWithoutATokenWithTypeCachingAndSecurityHeaders(String path, String type,
                                                                               String content) {
        final Response r = h.get(path, null);

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo(type);
        assertThat(r.body()).contains(content);
        assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(r.header("ETag")).matches("\"[0-9a-f]{24}\"");
        assertThat(r.header("Content-Security-Policy"))
                .startsWith("default-src 'self';")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    @Test
    void aMatchingETagGets304WithoutABodyAndAnotherGetsThePage() {
        final String etag = h.get("/status/status.js", null).header("ETag");

        final Response fresh = h.call("GET", "/status/status.js", null, null, "If-None-Match", "W/" + etag);
        final Response stale = h.call("GET", "/status/status.js", null, null, "If-None-Match", "\"0000\"");

        assertThat(fresh.status()).isEqualTo(304);
        assertThat(fresh.body()).isEmpty();
        assertThat(fresh.header("ETag")).isEqualTo(etag);
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body()).isNotEmpty();
        assertThat(h.get("/", null).header("ETag")).isNotEqualTo(etag);
    }

    @Test
    void theFilesReferenceNothingOutsideTheAdminListenerAndNoInlineScriptOrStyle() {
        final String page = h.get("/", null).body();
        final String script = h.get("/status/status.js", null).body();
        final String css = h.get("/status/status.css", null).body();

        for (String text : new String[] {page, script, css}) {
            assertThat(text).doesNotContain("http://", "https://", "//cdn", "@import");
        }
        // CSP 'self' would block these in the browser; keep them out of the files altogether.
        assertThat(page).doesNotContainPattern("<script>|<style|\\sstyle=\"|\\son[a-z]+=\"");
        assertThat(script).doesNotContain("innerHTML", "eval(", "new Function");
        // Read-only: the page only reads.
        assertThat(script).doesNotContainPattern("method:\\s*'(POST|PUT|DELETE|PATCH)'");
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @CsvSource({
            "GET,    /status/nope.js,      404",
            "GET,    /status/..,           404",
            "GET,    /status/a/status.js,  404",
            "GET,    /status/index.html,   404",
            "POST,   /,                    405",
            "PUT,    /status/status.js,    405",
            "DELETE, /status/status.css,   405",
    })
    void unknownFilesAre404AndOtherMethods405(String method, String path, int status) {
        final Response r = h.call(method, path, null, method.equals("GET") ? null : "x");

        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().path("error").asText()).isNotBlank();
        if (status == 405) {
            assertThat(r.header("Allow")).isEqualTo("GET");
        }
    }

    @Test
    void headAnswersLikeGetWithoutABody() {
        final Response r = h.call("HEAD", "/", null, null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.header("Content-Security-Policy")).isNotBlank();
    }

    @Test
    void routingTableNamesThePlatformDomainsSoThePageCanTurnAShopIdIntoAHost() {
        final Response r = h.get("/api/v1/routing-table", VIEWER);

        assertThat(r.json().path("platformDomains").toString()).isEqualTo("[\"shops.test\"]");
        assertThat(h.get("/api/v1/explain?host=alpha.shops.test", VIEWER).json().path("shop").asText())
                .isEqualTo("alpha");
    }

    @Test
    void shopSetsShowTheDataPlanesRecentTrafficAndAPutOfTheirGetBodyIgnoresIt() throws Exception {
        h.close();
        h = new AdminHarness(dir, new HealthView() {
            @Override
            public boolean endpointHealthy(String shopSet, Endpoint endpoint) {
                return true;
            }

            @Override
            public String shopSetState(String shopSet) {
                return READY;
            }

            @Override
            public Traffic traffic(String shopSet) {
                return shopSet.equals("prod-a") ? new Traffic(12.5, 0.25) : null;
            }
        });

        final Response a = h.get("/api/v1/shopsets/prod-a", VIEWER);
        assertThat(a.json().path("requestsPerSecond").asDouble()).isEqualTo(12.5);
        assertThat(a.json().path("errorRate").asDouble()).isEqualTo(0.25);
        assertThat(h.get("/api/v1/shopsets/prod-b", VIEWER).json().has("requestsPerSecond")).isFalse();

        final Response put = h.put("/api/v1/shopsets/prod-a", ADMIN, a.body(), "If-Match", a.header("ETag"));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
    }
}
