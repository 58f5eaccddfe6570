package io.shopset.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shopset.routing.config.Mappers;
import picocli.CommandLine;

/** {@code shopset admin ...} against a real gateway process: output, {@code -o json}, exit codes. */
class AdminCommandTest {

    @TempDir
    Path dir;
    Cluster cluster;
    GatewayProcess gateway;
    String url;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        cluster = new Cluster(dir, "file");
        gateway = cluster.start("gw");
        url = "http://127.0.0.1:" + gateway.adminAddress().getPort();
        AdminCommand.environment = name -> name.equals(AdminCommand.TOKEN_ENV) ? Cluster.TOKEN : null;
    }

    @AfterEach
    void stop() {
        AdminCommand.environment = System::getenv;
        cluster.close();
    }

    @Test
    void isolateAndRestoreForPeopleAndScripts() throws Exception {
        final Run isolated = admin("isolate", "alpha", "--shopset", "vip-1");
        assertThat(isolated.exit()).as(isolated.err()).isZero();
        assertThat(isolated.out()).contains("alpha -> vip-1", "remembered: prod-a, prod-b");
        assertThat(Cluster.servedBy(gateway, "alpha.shops.test")).isEqualTo("vip-1");

        final Run json = admin("-o", "json", "restore", "alpha");
        assertThat(json.exit()).isZero();
        assertThat(Mappers.json().readTree(json.out()).path("isolated").asBoolean()).isFalse();
        assertThat(Cluster.servedBy(gateway, "alpha.shops.test")).isEqualTo("prod-a");
    }

    @Test
    void drainDryRunExplainAndStatus() throws Exception {
        final Run plan = admin("drain", "--shopset", "prod-b", "--dry-run");
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).startsWith("Plan to drain ShopSet prod-b");

        final Run explain = admin("explain", "www.alpha.example");
        assertThat(explain.exit()).isZero();
        assertThat(explain.out()).contains("-> shop alpha", "1. prod-a", "chosen: prod-a");

        final Run status = admin("status");
        assertThat(status.exit()).isZero();
        assertThat(status.out()).contains("ready: yes", "routing table: v", "prod-a", "vip-1");

        final Run statusJson = admin("status", "-o", "json");
        assertThat(Mappers.json().readTree(statusJson.out()).path("ready").asBoolean()).isTrue();
    }

    @Test
    void whatIfAndRebalanceForPeopleAndScripts() throws Exception {
        final Run whatIf = admin("what-if", "--failure-domain", "dc-a");
        assertThat(whatIf.exit()).as(whatIf.err()).isZero();
        assertThat(whatIf.out()).contains("If failure domain dc-a failed (prod-a, vip-1):",
                                          "0 shops would lose every replica",
                                          "3 shops would be left on one replica: alpha, beta, gamma",
                                          "prod-b");
        final Run json = admin("-o", "json", "what-if", "--shopset", "prod-b");
        assertThat(json.exit()).isZero();
        assertThat(Mappers.json().readTree(json.out()).at("/leftOnOne/count").asInt()).isEqualTo(3);
        assertThat(admin("what-if").exit()).as("a target is required").isEqualTo(2);
        assertThat(admin("what-if", "--failure-domain", "dc-a", "--shopset", "prod-a").exit()).isEqualTo(2);
        final Run unknown = admin("what-if", "--failure-domain", "dc-z");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("404", "unknown failure domain \"dc-z\"", "(field: failureDomain)");

        final Run plan = admin("rebalance", "--dry-run");
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).startsWith("Rebalance plan: 0 moves").contains("prod-a", "prod-b");
        final Run bad = admin("rebalance", "--max-traffic-share", "2");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("400", "(field: maxTrafficShare)");
        final Run planJson = admin("-o", "json", "rebalance", "--dry-run", "--max-moves", "5");
        assertThat(Mappers.json().readTree(planJson.out()).path("dryRun").asBoolean()).isTrue();
    }

    @Test
    void exportThenImportRoundTrips() throws Exception {
        final Path file = dir.resolve("exported.yaml");
        assertThat(admin("export", "--file", file.toString()).exit()).isZero();
        Files.writeString(file, Files.readString(file).replace("- id: gamma", "- id: gamma2"));

        final Run imported = admin("import", "--file", file.toString());

        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).startsWith("imported: v");
        assertThat(Cluster.servedBy(gateway, "gamma2.shops.test")).isIn("prod-a", "prod-b");
    }

    @Test
    void exitsOneWhenTheApiRefusesAndTwoOnAUsageError() {
        final Run unknown = admin("isolate", "nobody", "--shopset", "vip-1");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("404", "nobody");

        final Run badField = admin("-o", "json", "isolate", "alpha", "--shopset", "prod-a");
        assertThat(badField.exit()).isEqualTo(1);
        assertThat(badField.err()).contains("\"field\":\"shopset\"");

        assertThat(admin("drain").exit()).isEqualTo(2);
        assertThat(admin("frobnicate").exit()).isEqualTo(2);

        AdminCommand.environment = name -> null;
        assertThat(admin("status").exit()).isEqualTo(2);
        AdminCommand.environment = name -> "wrong-token";
        final Run unauthorized = admin("status");
        assertThat(unauthorized.exit()).isEqualTo(1);
        assertThat(unauthorized.err()).contains("401");
    }

    private Run admin(String... args) {
        final List<String> all = new ArrayList<>(List.of("admin", "--url", url));
        all.addAll(List.of(args));
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = new CommandLine(new ShopSetCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                                                              .execute(all.toArray(new String[0]));
        return new Run(exit, out.toString(), err.toString());
    }
}
