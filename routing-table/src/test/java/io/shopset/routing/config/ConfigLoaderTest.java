package io.shopset.routing.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.build.SnapshotBuilder;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.HealthCheck;
import io.shopset.routing.model.Limits;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.validate.RoutingValidator;

class ConfigLoaderTest {

    /** The smallest useful configuration: everything else takes its default. */
    static final String MINIMAL = """
            platformDomains: [shops.test]
            tiers: [{name: prod, level: 30}]
            failureDomains: [{name: dc-a}, {name: dc-b}]
            shopsets:
              - {name: prod-a, tier: prod, failureDomain: dc-a, endpoints: ["127.0.0.1:9001"]}
              - {name: prod-b, tier: prod, failureDomain: dc-b, endpoints: ["127.0.0.1:9011"]}
            shops:
              - id: alpha
            """;

    static Path contractExample() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(ConfigLoaderTest.class.getResource("/contract-example.yaml")).toURI());
    }

    static List<String> errorsOf(String yaml) {
        try {
            ConfigLoader.parse(yaml);
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
        throw new AssertionError("expected the configuration to be rejected:\n" + yaml);
    }

    // ---- the contract's example ----

    @Test
    void loadsTheContractsExampleConfigurationAsValid() throws Exception {
        final GatewayConfig c = ConfigLoader.load(contractExample());

        assertThat(RoutingValidator.validate(c.routingState())).isEmpty();
        assertThat(c.listen()).isEqualTo("127.0.0.1:8080");
        assertThat(c.admin().listen()).isEqualTo("127.0.0.1:9090");
        assertThat(c.admin().tokenEnv()).isEqualTo("SHOPSET_ADMIN_TOKEN");
        assertThat(c.store()).isEqualTo("file");
        assertThat(c.stateFile()).isEqualTo("shopset-state.json");
        assertThat(c.gatewayFailureDomain()).isEqualTo("dc-a");
        assertThat(c.preferLocalFailureDomain()).isFalse();
        assertThat(c.platformDomains()).containsExactly("shops.test");
        assertThat(c.replicas()).isEqualTo(2);
        assertThat(c.tiers()).extracting(t -> t.name() + "=" + t.level()).containsExactly("dev=0", "prod=30");
        assertThat(c.failureDomains()).extracting(d -> d.name()).containsExactly("dc-a", "dc-b");
        assertThat(c.shopsets()).extracting(ShopSet::name).containsExactly("prod-a", "prod-b", "stg-a", "vip-1");

        final ShopSet prodA = c.shopsets().get(0);
        assertThat(prodA.endpoints()).containsExactly(Endpoint.parse("127.0.0.1:9001"), Endpoint.parse("127.0.0.1:9002"));
        assertThat(prodA.healthCheck().path()).isEqualTo("/healthz");
        assertThat(prodA.healthCheck().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(prodA.healthCheck().timeout()).isEqualTo(HealthCheck.DEFAULT.timeout());
        assertThat(c.shopsets().get(2).configuration()).isEqualTo("staging");
        assertThat(c.shopsets().get(3).dedicated()).isTrue();

        final Shop alpha = c.shops().get(0);
        assertThat(alpha.hosts()).containsExactly("www.alpha.example");
        assertThat(alpha.shopsets()).containsExactly("prod-a", "prod-b");
        assertThat(alpha.limits()).isEqualTo(new Limits(100.0, 200, 50));
        assertThat(c.shops().get(1).shopsets()).isNull();
        assertThat(c.shops().get(2).configuration()).isEqualTo("staging");
        assertThat(c.shops().get(2).tier()).isEqualTo("dev");

        assertThat(c.limits().shop()).isEqualTo(new Limits(500.0, 1000, 200));
        assertThat(c.limits().client()).isEqualTo(new Limits(20.0, 40, null));
        assertThat(c.limits().clientTotal()).isEqualTo(new Limits(100.0, 200, null));
        assertThat(c.trustedProxies()).isEmpty();
        assertThat(c.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(30),
                                                        Duration.ofSeconds(10), Duration.ofSeconds(60),
                                                        Duration.ofSeconds(30)));
    }

    @Test
    void contractExampleBuildsASnapshotThatRoutesItsShops() throws Exception {
        final RoutingSnapshot snap = SnapshotBuilder.build(ConfigLoader.load(contractExample()).routingState(), 1);

        assertThat(snap.resolve("www.alpha.example").id()).isEqualTo("alpha");
        assertThat(snap.resolve("alpha.shops.test").candidates()).extracting(ShopSet::name)
                .containsExactly("prod-a", "prod-b");
        final ShopRoute beta = snap.resolve("beta.shops.test");
        assertThat(beta.candidates()).extracting(ShopSet::name).containsExactlyInAnyOrder("prod-a", "prod-b");
        // only one staging ShopSet exists: the placer gives fewer than `replicas`, never vip-1 or prod-*
        assertThat(snap.resolve("preview.shops.test").candidates()).extracting(ShopSet::name).containsExactly("stg-a");
    }

    @Test
    void contractExampleResourceIsTheYamlBlockOfTheContract() throws Exception {
        final Path contract = Path.of("../../shared/CONTRACT.md");
        assumeThat(Files.exists(contract)).as("CONTRACT.md next to the repository").isTrue();
        final String md = Files.readString(contract);
        final int start = md.indexOf("```yaml\n") + "```yaml\n".length();
        final String block = md.substring(start, md.indexOf("```", start));

        assertThat(Files.readString(contractExample())).isEqualTo(block);
    }

    // ---- defaults ----

    @Test
    void appliesTheDocumentedDefaultsForOmittedKeys() throws Exception {
        final GatewayConfig c = ConfigLoader.parse(MINIMAL);

        assertThat(c.listen()).isEqualTo("127.0.0.1:8080");
        assertThat(c.admin()).isEqualTo(new AdminSettings("127.0.0.1:9090", "SHOPSET_ADMIN_TOKEN", null));
        assertThat(c.store()).isEqualTo("file");
        assertThat(c.stateFile()).isEqualTo("shopset-state.json");
        assertThat(c.gatewayFailureDomain()).isNull();
        assertThat(c.preferLocalFailureDomain()).isFalse();
        assertThat(c.replicas()).isEqualTo(2);
        assertThat(c.trustedProxies()).isEmpty();
        assertThat(c.timeouts().connect()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.timeouts().response()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.timeouts().requestHeaders()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.timeouts().idle()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.timeouts().upstreamIdle()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.http().maxRequestLine()).isEqualTo(8192);
        assertThat(c.http().maxHeaderSize()).isEqualTo(32768);
        assertThat(c.shutdown().drainTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.limits().shop()).isEqualTo(new Limits(500.0, 1000, 200));
        assertThat(c.limits().client()).isEqualTo(new Limits(20.0, 40, null));
        assertThat(c.limits().clientTotal()).isEqualTo(new Limits(100.0, 200, null));

        final ShopSet s = c.shopsets().get(0);
        assertThat(s.configuration()).isEqualTo("production");
        assertThat(s.dedicated()).isFalse();
        assertThat(s.draining()).isFalse();
        assertThat(s.capacity()).isEqualTo(1.0);
        assertThat(s.healthCheck()).as("no active checks unless configured").isNull();
        assertThat(s.loadBalancing()).isEqualTo(io.shopset.routing.model.LoadBalancing.SHOP_HASH);
        assertThat(s.slowStart()).isEqualTo(java.time.Duration.ZERO);

        final Shop alpha = c.shops().get(0);
        assertThat(alpha.configuration()).isEqualTo("production");
        assertThat(alpha.tier()).isNull();
        assertThat(alpha.hosts()).isEmpty();
        assertThat(alpha.shopsets()).isNull();
        assertThat(alpha.limits()).isNull();
        assertThat(alpha.isolated()).isFalse();
    }

    @Test
    void keepsBuiltInDefaultsForFieldsAPartialLimitsSectionLeavesOut() throws Exception {
        final GatewayConfig c = ConfigLoader.parse(MINIMAL + """
                limits:
                  shop: {maxConcurrent: 5}
                  client: {requestsPerSecond: 7}
                """);

        assertThat(c.limits().shop()).isEqualTo(new Limits(500.0, 1000, 5));
        assertThat(c.limits().client()).isEqualTo(new Limits(7.0, 40, null));
        assertThat(c.limits().clientTotal()).isEqualTo(new Limits(100.0, 200, null));
    }

    @Test
    void keepsExplicitValuesOverDefaults() throws Exception {
        final GatewayConfig c = ConfigLoader.parse(MINIMAL + """
                replicas: 1
                store: redis://redis:6379/0
                timeouts: {connect: 250ms, idle: 2m}
                trustedProxies: [10.0.0.0/8, "2001:db8::/32"]
                """);

        assertThat(c.replicas()).isEqualTo(1);
        assertThat(c.store()).isEqualTo("redis://redis:6379/0");
        assertThat(c.timeouts().connect()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.timeouts().idle()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.timeouts().response()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.trustedProxies()).containsExactly("10.0.0.0/8", "2001:db8::/32");
    }

    // ---- unknown keys ----

    @Test
    void rejectsAnUnknownKeyNamingItsPathAndTheKnownKeys() {
        final List<String> errors = errorsOf(MINIMAL.replace("name: prod-a,", "name: prod-a, endpoint: x,"));

        assertThat(errors).containsExactly("shopsets[0].endpoint: unknown key \"endpoint\" (expected one of: capacity, "
                                           + "configuration, dedicated, draining, endpoints, failureDomain, healthCheck, "
                                           + "loadBalancing, managedBy, name, slowStart, tier)");
    }

    @Test
    void reportsEveryUnknownKeyAtEveryNestingLevel() {
        final List<String> errors = errorsOf(MINIMAL.replace("name: prod-a,", "name: prod-a, healthCheck: {pth: /x},")
                                             + """
                                                 - id: beta
                                                   limits: {rps: 5}
                                               timeouts: {connect: 1s, conect: 2s}
                                               admin: {tokn: X}
                                               listn: 127.0.0.1:1
                                               """);

        assertThat(errors).extracting(e -> e.substring(0, e.indexOf(" (expected")))
                          .containsExactlyInAnyOrder(
                                  "shopsets[0].healthCheck.pth: unknown key \"pth\"",
                                  "shops[1].limits.rps: unknown key \"rps\"",
                                  "timeouts.conect: unknown key \"conect\"",
                                  "admin.tokn: unknown key \"tokn\"",
                                  "listn: unknown key \"listn\"");
    }

    // ---- values that do not bind ----

    @Test
    void rejectsABadDurationNamingPathAndValue() {
        assertThat(errorsOf(MINIMAL + "timeouts: {connect: 2x}\n")).containsExactly(
                "timeouts.connect: invalid duration \"2x\" (expected a whole number followed by ms, s, m or h)");
    }

    @ParameterizedTest
    @ValueSource(strings = { "1.5s", "-1s", "2 s", "s", "10S", "1d", "\"\"" })
    void rejectsDurationsNotWrittenAsAWholeNumberAndUnit(String value) {
        assertThat(errorsOf(MINIMAL + "timeouts: {response: " + value + "}\n"))
                .singleElement().asString().startsWith("timeouts.response: invalid duration");
    }

    @Test
    void rejectsADurationWrittenAsABareNumber() {
        assertThat(errorsOf(MINIMAL + "timeouts: {idle: 30}\n")).singleElement().asString()
                .startsWith("timeouts.idle: ").contains("30");
    }

    @Test
    void rejectsAZeroTimeout() {
        assertThat(errorsOf(MINIMAL + "timeouts: {upstreamIdle: 0s}\n"))
                .containsExactly("timeouts.upstreamIdle: 0s (expected: > 0)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "localhost          | shopsets[0].endpoints[1]: invalid endpoint \"localhost\" is not host:port",
            "host:0             | shopsets[0].endpoints[1]: invalid endpoint \"host:0\": port 0 out of range (expected: 1-65535)",
            "host:99999         | shopsets[0].endpoints[1]: invalid endpoint \"host:99999\": port 99999 out of range (expected: 1-65535)",
            "host:http          | shopsets[0].endpoints[1]: invalid endpoint \"host:http\" has no numeric port",
            ":9001              | shopsets[0].endpoints[1]: invalid endpoint \":9001\" is not host:port",
            "::1:9001           | shopsets[0].endpoints[1]: invalid endpoint \"::1:9001\": write IPv6 addresses as [addr]:port",
            "[::1:9001          | shopsets[0].endpoints[1]: invalid endpoint \"[::1:9001\" is not host:port",
    })
    void rejectsABadEndpointStringNamingPathAndValue(String endpoint, String expected) {
        final String yaml = MINIMAL.replace("endpoints: [\"127.0.0.1:9001\"]",
                                            "endpoints: [\"127.0.0.1:9001\", \"" + endpoint + "\"]");
        assertThat(errorsOf(yaml)).containsExactly(expected);
    }

    @Test
    void acceptsIpv6EndpointsInBrackets() throws Exception {
        final GatewayConfig c = ConfigLoader.parse(MINIMAL.replace("\"127.0.0.1:9001\"", "\"[::1]:9001\""));

        assertThat(c.shopsets().get(0).endpoints()).containsExactly(new Endpoint("::1", 9001));
        assertThat(c.shopsets().get(0).endpoints().get(0)).hasToString("[::1]:9001");
    }

    @Test
    void reportsEveryValueOfTheWrongTypeWithItsPath() {
        final List<String> errors = errorsOf(MINIMAL.replace("name: prod-b,", "name: prod-b, capacity: big,") + """
                replicas: two
                preferLocalFailureDomain: maybe
                limits: {shop: {requestsPerSecond: fast}}
                http: {maxRequestLine: true}
                """);

        assertThat(errors).containsExactlyInAnyOrder(
                "shopsets[1].capacity: expected a number, found \"big\"",
                "replicas: expected a whole number, found \"two\"",
                "preferLocalFailureDomain: expected true or false, found \"maybe\"",
                "limits.shop.requestsPerSecond: expected a number, found \"fast\"",
                "http.maxRequestLine: expected a whole number, found true");
    }

    @Test
    void rejectsAListWhereANumberBelongsNamingThePath() {
        assertThat(errorsOf(MINIMAL + "http: {maxRequestLine: [1]}\n"))
                .isNotEmpty().allMatch(e -> e.startsWith("http.maxRequestLine"));
    }

    @Test
    void keepsDefaultsForKeysOmittedInsideAGivenSection() throws Exception {
        final GatewayConfig c = ConfigLoader.parse(MINIMAL + """
                http: {maxHeaderSize: 2048}
                admin: {listen: 127.0.0.1:9999}
                timeouts: {idle: 5s}
                shutdown: {}
                """);

        assertThat(c.http().maxRequestLine()).isEqualTo(8192);
        assertThat(c.http().maxHeaderSize()).isEqualTo(2048);
        assertThat(c.admin()).isEqualTo(new AdminSettings("127.0.0.1:9999", "SHOPSET_ADMIN_TOKEN", null));
        assertThat(c.timeouts().connect()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.timeouts().idle()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.shutdown().drainTimeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void rejectsAMapOrScalarWhereAListBelongs() {
        final List<String> errors = errorsOf(MINIMAL.replace("tiers: [{name: prod, level: 30}]",
                                                             "tiers: {name: prod, level: 30}")
                                             + "trustedProxies: 3\n");

        assertThat(errors).contains("tiers: expected a list, found a map", "trustedProxies: expected a list, found 3");
    }

    @Test
    void rejectsAMissingTierLevelNamingThePath() {
        assertThat(errorsOf(MINIMAL.replace("level: 30", ""))).singleElement().asString().startsWith("tiers[0].level: ");
    }

    @Test
    void takesAQuotedNumberAsANumber() throws Exception {
        assertThat(ConfigLoader.parse(MINIMAL + "replicas: \"1\"\n").replicas()).isEqualTo(1);
    }

    @Test
    void reportsBindingAndRoutingErrorsTogetherInOneRun() {
        final List<String> errors = errorsOf(MINIMAL.replace("failureDomain: dc-b", "failureDomain: dc-x") + """
                  - {id: beta, shopsets: [prod-a, prod-z]}
                timeouts: {connect: 2x, idle: 3y}
                bogus: true
                """);

        assertThat(errors).hasSize(5).contains(
                "timeouts.connect: invalid duration \"2x\" (expected a whole number followed by ms, s, m or h)",
                "timeouts.idle: invalid duration \"3y\" (expected a whole number followed by ms, s, m or h)",
                "shopsets[1].failureDomain: unknown failure domain \"dc-x\"",
                "shops[1].shopsets[1]: unknown ShopSet \"prod-z\"");
        assertThat(errors).anyMatch(e -> e.startsWith("bogus: unknown key \"bogus\""));
    }

    @Test
    void exceptionMessageJoinsEveryErrorAsPathColonMessage() {
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "replicas: 0\nstore: mysql://db\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store: \"mysql://db\" is neither file nor redis://host:port/db")
                .hasMessageContaining("replicas: 0 (expected: >= 1)");
    }

    // ---- files that are not a configuration ----

    @ParameterizedTest
    @ValueSource(strings = { "", "   \n\n  \t\n" })
    void rejectsAnEmptyFile(String text, @TempDir Path dir) throws Exception {
        final Path file = dir.resolve("shopset.yaml");
        Files.writeString(file, text);

        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.errors()).containsExactly(new ConfigError("", "the configuration is empty")));
    }

    @Test
    void rejectsAFileOfOnlyComments() {
        assertThat(errorsOf("# nothing here yet\n")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "hello\n", "- a\n- b\n" })
    void rejectsADocumentThatIsNotAMapSayingSo(String yaml) {
        assertThat(errorsOf(yaml)).singleElement().asString().contains("expected a map");
    }

    @ParameterizedTest
    @ValueSource(strings = { "listen: [127.0.0.1\nfoo: }\n", "a: b\n  c: d\n", "shops:\n\t- id: x\n" })
    void rejectsMalformedYamlWithItsLine(String yaml) {
        assertThat(errorsOf(yaml)).isNotEmpty().last().asString().containsPattern("line \\d+, column \\d+");
    }

    @Test
    void rejectsAMissingFile(@TempDir Path dir) {
        final Path file = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.errors()).containsExactly(new ConfigError("", "no such file: " + file)));
    }

    @Test
    void bindDoesNotApplyRoutingRules() throws Exception {
        final GatewayConfig c = ConfigLoader.bind(MINIMAL + "  - {id: beta, shopsets: [prod-z]}\n");

        assertThat(c.shops()).hasSize(2);
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "  - {id: beta, shopsets: [prod-z]}\n"))
                .isInstanceOf(ConfigException.class);
    }
}
