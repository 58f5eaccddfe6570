package io.shopset.routing.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.shopset.routing.Fixtures;
import io.shopset.routing.config.ConfigError;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.model.RoutingState;

/**
 * The placement rules and the model's own rules, with the exact messages operators see. Each case
 * is a routing section in the file's format, bound without validation, then validated.
 */
class RoutingValidatorTest {

    private static final String HEAD = """
            platformDomains: [shops.test]
            tiers: [{name: dev, level: 0}, {name: prod, level: 30}]
            failureDomains: [{name: dc-a}, {name: dc-b}, {name: dc-c}]
            """;

    /** Five ShopSets: two production ones in dc-a, one in dc-b, a staging one, a dedicated one. */
    private static final String SHOPSETS = """
            shopsets:
              - {name: prod-a,  tier: prod, failureDomain: dc-a, endpoints: ["127.0.0.1:9001"]}
              - {name: prod-b,  tier: prod, failureDomain: dc-b, endpoints: ["127.0.0.1:9011"]}
              - {name: prod-a2, tier: prod, failureDomain: dc-a, endpoints: ["127.0.0.1:9002"]}
              - {name: stg-a,   tier: dev,  failureDomain: dc-a, configuration: staging, endpoints: ["127.0.0.1:9031"]}
              - {name: vip-1,   tier: prod, failureDomain: dc-c, dedicated: true, endpoints: ["127.0.0.1:9021"]}
            """;

    private static final String NAME_RULE = " is not a valid name (expected: lower-case letters, digits and '-', "
                                            + "at most 63, starting and ending with a letter or digit)";

    static List<String> errorsOf(String yaml) throws ConfigException {
        final RoutingState state = ConfigLoader.bind(yaml).routingState();
        return RoutingValidator.validate(state).stream().map(ConfigError::toString).toList();
    }

    /** Shops (a {@code shops:} section) on the standard ShopSets. */
    static Arguments shops(String description, String shops, String... expected) {
        return arguments(description, HEAD + SHOPSETS + shops, List.of(expected));
    }

    /** A whole routing section after the tiers and domains. */
    static Arguments whole(String description, String rest, String... expected) {
        return arguments(description, HEAD + rest, List.of(expected));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                /* 0 */ shops("the contract's example: unknown ShopSet in an explicit placement", """
                        shops:
                          - {id: s0}
                          - {id: s1}
                          - {id: s2}
                          - {id: s3, shopsets: [prod-a, prod-z]}
                        """, "shops[3].shopsets[1]: unknown ShopSet \"prod-z\""),
                /* 1 */ whole("the contract's example: unknown failure domain", """
                        shopsets:
                          - {name: prod-x, tier: prod, failureDomain: dc-x, endpoints: ["127.0.0.1:9001"]}
                        """, "shopsets[0].failureDomain: unknown failure domain \"dc-x\""),
                /* 2 */ shops("custom domain used by two shops", """
                        shops:
                          - {id: s1, hosts: [www.x.example]}
                          - {id: s2, hosts: [www.x.example]}
                        """, "shops[1].hosts[0]: duplicate host \"www.x.example\" (already used by shop \"s1\")"),
                /* 3 */ shops("custom domain equal to a later shop's platform subdomain", """
                        shops:
                          - {id: s2, hosts: [s1.shops.test]}
                          - {id: s1}
                        """, "shops[0].hosts[0]: duplicate host \"s1.shops.test\" (already used by shop \"s1\")"),
                /* 4 */ shops("custom domain equal to an earlier shop's platform subdomain", """
                        shops:
                          - {id: s1}
                          - {id: s2, hosts: [S1.Shops.Test.]}
                        """, "shops[1].hosts[0]: duplicate host \"S1.Shops.Test.\" (already used by shop \"s1\")"),
                /* 5 */ shops("custom domain used twice, differing in case", """
                        shops:
                          - {id: s1, hosts: [www.x.example]}
                          - {id: s2, hosts: [WWW.X.Example]}
                        """, "shops[1].hosts[0]: duplicate host \"WWW.X.Example\" (already used by shop \"s1\")"),
                /* 6 */ shops("custom domain used twice, once with a trailing dot", """
                        shops:
                          - {id: s1, hosts: [www.x.example.]}
                          - {id: s2, hosts: [www.x.example]}
                        """, "shops[1].hosts[0]: duplicate host \"www.x.example\" (already used by shop \"s1\")"),
                /* 7 */ shops("one shop listing the same custom domain twice", """
                        shops:
                          - {id: s1, hosts: [www.x.example, WWW.x.example.]}
                        """, "shops[0].hosts[1]: duplicate host \"WWW.x.example.\" (already listed for this shop)"),
                /* 8 */ shops("custom domain with a port or not a host name", """
                        shops:
                          - {id: s1, hosts: ["www.x.example:8080", "bad host", "-x.example"]}
                        """,
                        "shops[0].hosts[0]: \"www.x.example:8080\" is not a valid host name",
                        "shops[0].hosts[1]: \"bad host\" is not a valid host name",
                        "shops[0].hosts[2]: \"-x.example\" is not a valid host name"),
                /* 9 */ shops("a shop whose replicas share a failure domain", """
                        shops:
                          - {id: s1, shopsets: [prod-a, prod-a2]}
                        """, "shops[0].shopsets[1]: ShopSet \"prod-a2\" is in failure domain \"dc-a\" like \"prod-a\" "
                             + "(replicas need distinct failure domains)"),
                /* 10 */ shops("a production shop on a staging ShopSet", """
                        shops:
                          - {id: s1, shopsets: [prod-b, stg-a]}
                        """, "shops[0].shopsets[1]: ShopSet \"stg-a\" has configuration \"staging\" but shop \"s1\" "
                             + "has \"production\""),
                /* 11 */ shops("a staging shop on a production ShopSet", """
                        shops:
                          - {id: p1, configuration: staging, tier: dev, shopsets: [prod-a]}
                        """, "shops[0].shopsets[0]: ShopSet \"prod-a\" has configuration \"production\" but shop \"p1\" "
                             + "has \"staging\""),
                /* 12 */ shops("a dedicated ShopSet listed before others", """
                        shops:
                          - {id: s1, shopsets: [vip-1, prod-a]}
                        """, "shops[0].shopsets[0]: dedicated ShopSet \"vip-1\" must be the only ShopSet of the shop"),
                /* 13 */ shops("a dedicated ShopSet listed after others", """
                        shops:
                          - {id: s1, shopsets: [prod-b, vip-1]}
                        """, "shops[0].shopsets[1]: dedicated ShopSet \"vip-1\" must be the only ShopSet of the shop"),
                /* 14 */ shops("an isolated shop listing more than its dedicated ShopSet", """
                        shops:
                          - {id: s1, shopsets: [vip-1, prod-b], rememberedShopsets: [prod-a, prod-b]}
                        """,
                        "shops[0].shopsets[0]: dedicated ShopSet \"vip-1\" must be the only ShopSet of the shop",
                        "shops[0].shopsets: an isolated shop (with rememberedShopsets) must list exactly its dedicated "
                        + "ShopSet"),
                /* 15 */ shops("an isolated shop remembering an unknown ShopSet", """
                        shops:
                          - {id: s1, shopsets: [vip-1], rememberedShopsets: [prod-a, gone]}
                        """, "shops[0].rememberedShopsets[1]: unknown ShopSet \"gone\""),
                /* 16 */ shops("a shop of a configuration no ShopSet has", """
                        shops:
                          - {id: s1, configuration: qa}
                        """, "shops[0]: no ShopSet can take shop \"s1\" (configuration \"qa\", tier \"prod\", "
                             + "not dedicated, not draining)"),
                /* 17 */ shops("a production shop kept to a tier only staging ShopSets have", """
                        shops:
                          - {id: s1, tier: dev}
                        """, "shops[0]: no ShopSet can take shop \"s1\" (configuration \"production\", tier \"dev\", "
                             + "not dedicated, not draining)"),
                /* 18 */ whole("a shop whose only candidates are dedicated or draining", """
                        shopsets:
                          - {name: prod-a, tier: prod, failureDomain: dc-a, draining: true, endpoints: ["127.0.0.1:1"]}
                          - {name: vip-1,  tier: prod, failureDomain: dc-b, dedicated: true, endpoints: ["127.0.0.1:2"]}
                        shops:
                          - {id: s1}
                        """, "shops[0]: no ShopSet can take shop \"s1\" (configuration \"production\", tier \"prod\", "
                             + "not dedicated, not draining)"),
                /* 19 */ whole("two ShopSets with one name", """
                        shopsets:
                          - {name: prod-a, tier: prod, failureDomain: dc-a, endpoints: ["127.0.0.1:1"]}
                          - {name: prod-a, tier: prod, failureDomain: dc-b, endpoints: ["127.0.0.1:2"]}
                        """, "shopsets[1].name: duplicate ShopSet \"prod-a\""),
                /* 20 */ shops("two shops with one id", """
                        shops:
                          - {id: s1}
                          - {id: s2}
                          - {id: s1}
                        """, "shops[2].id: duplicate shop id \"s1\""),
                /* 21 */ whole("a ShopSet of an unknown tier", """
                        shopsets:
                          - {name: prod-a, tier: gold, failureDomain: dc-a, endpoints: ["127.0.0.1:1"]}
                        """, "shopsets[0].tier: unknown tier \"gold\""),
                /* 22 */ shops("a shop of an unknown tier (and nothing more about it)", """
                        shops:
                          - {id: s1, tier: gold}
                        """, "shops[0].tier: unknown tier \"gold\""),
                /* 23 */ whole("a ShopSet missing its tier and failure domain, with a shop for the placer", """
                        shopsets:
                          - {name: prod-a, endpoints: ["127.0.0.1:1"]}
                          - {name: prod-b, tier: prod, failureDomain: dc-b, endpoints: ["127.0.0.1:2"]}
                        shops:
                          - {id: s1}
                        """,
                        "shopsets[0].tier: missing (expected one of the tiers)",
                        "shopsets[0].failureDomain: missing (expected one of the failure domains)"),
                /* 24 */ whole("names that are not DNS labels", """
                        shopsets:
                          - {name: Prod_A, tier: prod, failureDomain: dc-a, configuration: Prod, endpoints: ["127.0.0.1:1"]}
                          - {name: prod-b, tier: prod, failureDomain: dc-b, endpoints: ["127.0.0.1:2"]}
                        shops:
                          - {id: Shop1}
                          - {id: "-s2"}
                        """,
                        "shopsets[0].name: \"Prod_A\"" + NAME_RULE,
                        "shopsets[0].configuration: \"Prod\"" + NAME_RULE,
                        "shops[0].id: \"Shop1\"" + NAME_RULE,
                        "shops[1].id: \"-s2\"" + NAME_RULE),
                /* 25 */ shops("a shop without an id", """
                        shops:
                          - {hosts: [www.x.example]}
                        """, "shops[0].id: missing"),
                /* 26 */ shops("an empty or repetitive explicit placement", """
                        shops:
                          - {id: s1, shopsets: []}
                          - {id: s2, shopsets: [prod-a, prod-a]}
                        """,
                        "shops[0].shopsets: must list at least one ShopSet (or be left out for the placer)",
                        "shops[1].shopsets[1]: ShopSet \"prod-a\" is listed twice"),
                /* 27 */ replacingHead("duplicate tiers and failure domains, replicas below one", """
                        platformDomains: ["shops.test:80"]
                        replicas: 0
                        tiers: [{name: prod, level: 30}, {name: prod, level: -1}]
                        failureDomains: [{name: dc-a}, {name: dc-a}]
                        """,
                        "replicas: 0 (expected: >= 1)",
                        "platformDomains[0]: \"shops.test:80\" is not a valid host name",
                        "tiers[1].name: duplicate tier \"prod\"",
                        "tiers[1].level: -1 (expected: >= 0)",
                        "failureDomains[1].name: duplicate failure domain \"dc-a\""),
                /* 28 */ whole("ShopSet settings out of range", """
                        shopsets:
                          - name: prod-a
                            tier: prod
                            failureDomain: dc-a
                            capacity: 0
                            endpoints: ["127.0.0.1:1", "127.0.0.1:1"]
                            healthCheck: {path: healthz, interval: 0s, healthyThreshold: 0}
                          - {name: prod-b, tier: prod, failureDomain: dc-b, endpoints: []}
                        """,
                        "shopsets[0].endpoints[1]: duplicate endpoint 127.0.0.1:1",
                        "shopsets[0].capacity: 0.0 (expected: > 0)",
                        "shopsets[0].healthCheck.path: \"healthz\" (expected: a path starting with /)",
                        "shopsets[0].healthCheck.interval: must be > 0",
                        "shopsets[0].healthCheck.healthyThreshold: 0 (expected: >= 1)",
                        "shopsets[1].endpoints: must list at least one endpoint"),
                /* 29 */ shops("limits out of range", """
                        limits:
                          shop: {requestsPerSecond: 0}
                          client: {burst: 0, maxConcurrent: 5}
                        shops:
                          - {id: s1, limits: {maxConcurrent: 0}}
                        """,
                        "limits.shop.requestsPerSecond: 0.0 (expected: > 0)",
                        "limits.client.burst: 0 (expected: >= 1)",
                        "limits.client.maxConcurrent: applies to shops only",
                        "shops[0].limits.maxConcurrent: 0 (expected: >= 1)"),
                /* 30 */ shops("several broken shops: every error, in file order", """
                        shops:
                          - {id: s1, shopsets: [prod-z]}
                          - {id: s2, hosts: [s1.shops.test]}
                          - {id: s3, configuration: qa}
                        """,
                        "shops[0].shopsets[0]: unknown ShopSet \"prod-z\"",
                        "shops[1].hosts[0]: duplicate host \"s1.shops.test\" (already used by shop \"s1\")",
                        "shops[2]: no ShopSet can take shop \"s3\" (configuration \"qa\", tier \"prod\", not dedicated, "
                        + "not draining)"),

                // ---- valid states ----
                /* 31 */ shops("an explicit placement with fewer ShopSets than replicas", """
                        shops:
                          - {id: s1, shopsets: [prod-b]}
                        """),
                /* 32 */ shops("a dedicated ShopSet alone, with and without a remembered placement", """
                        shops:
                          - {id: s1, shopsets: [vip-1]}
                          - {id: s2, shopsets: [vip-1], rememberedShopsets: [prod-a, prod-b]}
                        """),
                /* 33 */ shops("distinct custom domains, a staging shop kept to its tier, placer shops", """
                        shops:
                          - {id: s1, hosts: [www.s1.example, s1.example]}
                          - {id: s2, hosts: [other.shops.test]}
                          - {id: p1, configuration: staging, tier: dev}
                          - {id: s3}
                        """));
    }

    /** A case that replaces the head as well. */
    private static Arguments replacingHead(String description, String head, String... expected) {
        return arguments(description, head, List.of(expected));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void reportsExactlyTheBrokenRules(String description, String yaml, List<String> expected) throws Exception {
        assertThat(errorsOf(yaml)).as(description).containsExactlyElementsOf(expected);
    }

    @Test
    void rejectsShopWhoseReplicasShareAFailureDomain() {
        final RoutingState state = Fixtures.state()
                .shopsets(Fixtures.shopSet("a1", "dc-a"), Fixtures.shopSet("a2", "dc-a"))
                .shops(Fixtures.placedShop("s", List.of("a1", "a2")))
                .build();

        assertThat(RoutingValidator.validate(state)).extracting(ConfigError::path).containsExactly("shops[0].shopsets[1]");
    }

    @Test
    void acceptsAStateWithOnlyPlacerShops() {
        final RoutingState state = Fixtures.state()
                .shopsets(Fixtures.shopSet("a", "dc-a"), Fixtures.shopSet("b", "dc-b"))
                .shops(Fixtures.shop("s1", "www.s1.example"), Fixtures.shop("s2"))
                .build();

        assertThat(RoutingValidator.validate(state)).isEmpty();
    }

    @Test
    void acceptsAnEmptyState() {
        assertThat(RoutingValidator.validate(Fixtures.state().build())).isEmpty();
    }
}
