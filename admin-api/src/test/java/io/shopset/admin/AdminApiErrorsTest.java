package io.shopset.admin;

import static io.shopset.admin.AdminHarness.ADMIN;
import static io.shopset.admin.AdminHarness.OPERATOR;
import static io.shopset.admin.AdminHarness.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.shopset.admin.AdminHarness.Response;

/** The contract's auth and bad-input cases: 401, 403, 400 naming the field, 404, 405, 409. */
class AdminApiErrorsTest {

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

    @ParameterizedTest(name = "[{index}] {0} {1} with {2} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // 401: no or a wrong token
            "GET    | /api/v1/shops                          | -        | -                           | 401 | -",
            "GET    | /api/v1/shops/alpha                    | wrong    | -                           | 401 | -",
            "POST   | /api/v1/shops/alpha/isolate            | -        | {\"shopset\":\"vip-1\"}     | 401 | -",
            // 403: the role may not
            "PUT    | /api/v1/shops/gamma                    | VIEWER   | {}                          | 403 | -",
            "PUT    | /api/v1/shops/gamma                    | OPERATOR | {}                          | 403 | -",
            "POST   | /api/v1/shops/alpha/isolate            | VIEWER   | {\"shopset\":\"vip-1\"}     | 403 | -",
            "POST   | /api/v1/shopsets/prod-a/drain          | VIEWER   | -                           | 403 | -",
            "POST   | /api/v1/import                         | OPERATOR | 'replicas: 2'               | 403 | -",
            "DELETE | /api/v1/shops/alpha                    | OPERATOR | -                           | 403 | -",
            // 404: unknown shop, ShopSet, domain, route
            "GET    | /api/v1/shops/nobody                   | VIEWER   | -                           | 404 | -",
            "GET    | /api/v1/shopsets/nope                  | VIEWER   | -                           | 404 | -",
            "POST   | /api/v1/shops/nobody/isolate           | OPERATOR | {\"shopset\":\"vip-1\"}     | 404 | -",
            "POST   | /api/v1/shopsets/nope/drain            | OPERATOR | -                           | 404 | -",
            "POST   | /api/v1/failure-domains/dc-x/drain     | OPERATOR | -                           | 404 | -",
            "DELETE | /api/v1/shops/nobody                   | ADMIN    | -                           | 404 | -",
            "GET    | /api/v1/nothing-here                   | VIEWER   | -                           | 404 | -",
            "GET    | /api/v1/explain?host=nobody.shops.test | VIEWER   | -                           | 404 | host",
            // 405: wrong method
            "GET    | /api/v1/shops/alpha/isolate            | ADMIN    | -                           | 405 | -",
            "DELETE | /api/v1/shopsets/prod-a                | ADMIN    | -                           | 405 | -",
            "POST   | /api/v1/shops                          | ADMIN    | {}                          | 405 | -",
            // 400: bad input, naming the field
            "GET    | /api/v1/shops?limit=abc                | VIEWER   | -                           | 400 | limit",
            "GET    | /api/v1/shops?limit=0                  | VIEWER   | -                           | 400 | limit",
            "GET    | /api/v1/shops?cursor=!!!!               | VIEWER   | -                           | 400 | cursor",
            "GET    | /api/v1/explain                        | VIEWER   | -                           | 400 | host",
            "GET    | /api/v1/audit?limit=-1                 | VIEWER   | -                           | 400 | limit",
            "PUT    | /api/v1/shops/gamma                    | ADMIN    | {not json                   | 400 | body",
            "PUT    | /api/v1/shops/gamma                    | ADMIN    | []                          | 400 | body",
            "PUT    | /api/v1/shops/gamma                    | ADMIN    | {\"hosts\":\"x\"}           | 400 | hosts",
            "PUT    | /api/v1/shops/gamma                    | ADMIN    | {\"hosts\":[1]}             | 400 | hosts[0]",
            "PUT    | /api/v1/shops/gamma                    | ADMIN    | {\"colour\":\"red\"}        | 400 | colour",
            "PUT    | /api/v1/shops/gamma                    | ADMIN    | {\"id\":\"delta\"}          | 400 | id",
            "PUT    | /api/v1/shops/gamma                    | ADMIN    | {\"hosts\":[\"bad host\"]}  | 400 | hosts[0]",
            "PUT    | /api/v1/shops/gamma                    | ADMIN    | {\"tier\":\"nope\"}         | 400 | tier",
            "PUT    | /api/v1/shops/gamma                    | ADMIN    | {\"shopsets\":[\"zz\"]}     | 400 | shopsets[0]",
            "PUT    | /api/v1/shops/gamma                    | ADMIN    | {\"limits\":{\"burst\":0}}  | 400 | limits.burst",
            "PUT    | /api/v1/shops/Bad_Id                   | ADMIN    | {}                          | 400 | id",
            "PUT    | /api/v1/shopsets/prod-d                | ADMIN    | {\"tier\":\"prod\",\"failureDomain\":\"dc-a\",\"endpoints\":[\"nope\"]} | 400 | endpoints[0]",
            "PUT    | /api/v1/shopsets/prod-d                | ADMIN    | {\"tier\":\"prod\",\"failureDomain\":\"dc-x\",\"endpoints\":[\"127.0.0.1:1\"]} | 400 | failureDomain",
            "POST   | /api/v1/shops/alpha/isolate            | OPERATOR | {}                          | 400 | shopset",
            "POST   | /api/v1/shops/alpha/isolate            | OPERATOR | {\"shopset\":\"nope\"}      | 400 | shopset",
            "POST   | /api/v1/shops/alpha/isolate            | OPERATOR | {\"shopset\":\"prod-c\"}    | 400 | shopset",
            "POST   | /api/v1/shops/alpha/isolate            | OPERATOR | {\"shopset\":1}             | 400 | shopset",
            "POST   | /api/v1/shopsets/prod-a/drain          | OPERATOR | {\"dryRun\":\"yes\"}        | 400 | dryRun",
            "POST   | /api/v1/shopsets/prod-a/drain          | OPERATOR | {\"dryrun\":true}           | 400 | dryrun",
            "POST   | /api/v1/import                         | ADMIN    | 'replicas: two'             | 400 | replicas",
            "POST   | /api/v1/import                         | ADMIN    | -                           | 400 | body",
            // 409: a placement that breaks the rules
            "PUT    | /api/v1/shops/gamma                    | ADMIN    | {\"shopsets\":[\"prod-a\",\"vip-1\"]} | 409 | shopsets[1]",
            "PUT    | /api/v1/shops/gamma                    | ADMIN    | {\"hosts\":[\"www.alpha.example\"]}   | 409 | hosts[0]",
            "PUT    | /api/v1/shops/gamma                    | ADMIN    | {\"shopsets\":[\"vip-1\",\"prod-b\"]} | 409 | shopsets[0]",
            "PUT    | /api/v1/shopsets/prod-b                | ADMIN    | {\"tier\":\"prod\",\"failureDomain\":\"dc-a\",\"endpoints\":[\"127.0.0.1:1\"]} | 409 | shops[alpha].shopsets[1]",
    })
    void answersWithTheContractsErrorShape(String method, String path, String token, String body, int status,
                                           String field) {
        final Response r = h.call(method, path, token(token), body);

        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().path("error").asText()).isNotBlank();
        if (field != null) {
            assertThat(r.json().path("field").asText()).as(r.toString()).isEqualTo(field);
        }
        assertThat(r.json().size()).isLessThanOrEqualTo(2);
        if (status == 401) {
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        }
        if (status == 405) {
            assertThat(r.header("Allow")).isNotBlank();
        }
    }

    private static String token(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "VIEWER" -> VIEWER;
            case "OPERATOR" -> OPERATOR;
            case "ADMIN" -> ADMIN;
            default -> name;
        };
    }
}
