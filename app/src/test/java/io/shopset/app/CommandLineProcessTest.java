package io.shopset.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shopset.testkit.StubShopSet;

/**
 * The {@code shopset} command as an operator runs it: a real child JVM, its exit codes, its
 * messages, and a graceful SIGTERM that finishes the request in flight and exits 0.
 */
class CommandLineProcessTest {

    private static final Pattern LISTENING = Pattern.compile("(gateway|admin API) listening on /127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process process;

    @AfterEach
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private Process start(boolean withToken, String... args) throws IOException {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The main logback.xml, not the tests' quiet one: the test reads the "listening on" lines.
        final List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                                                                     "-Dlogback.configurationFile=logback.xml",
                                                                     ShopSetCommand.class.getName()));
        cmd.addAll(List.of(args));
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("SHOPSET_ADMIN_TOKEN");
        if (withToken) {
            pb.environment().put("SHOPSET_ADMIN_TOKEN", "secret-token");
        }
        process = pb.start();
        final Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException e) {
                // process gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    private Path config(StubShopSet stub) throws IOException {
        final Path file = dir.resolve("shopset.yaml");
        Files.writeString(file, """
                listen: 127.0.0.1:0
                admin: {listen: 127.0.0.1:0}
                stateFile: %s
                accessLog: {enabled: false}
                shutdown: {drainTimeout: 10s}
                platformDomains: [shops.test]
                tiers: [{name: prod, level: 30}]
                failureDomains: [{name: dc-a}]
                shopsets:
                  - {name: prod-a, tier: prod, failureDomain: dc-a, endpoints: [%s]}
                shops:
                  - {id: alpha, shopsets: [prod-a]}
                """.formatted(dir.resolve("state.json"), stub.endpoint()));
        return file;
    }

    private int port(String which) {
        for (String line : output) {
            final Matcher m = LISTENING.matcher(line);
            if (m.find() && m.group(1).equals(which)) {
                return Integer.parseInt(m.group(2));
            }
        }
        return -1;
    }

    @Test
    void serveAnswersAndStopsGracefullyOnSigtermWithExitCode0() throws Exception {
        try (StubShopSet stub = StubShopSet.start("prod-a", "a1")) {
            start(true, "serve", "--config", config(stub).toString());
            await().atMost(Duration.ofSeconds(30)).until(() -> port("gateway") > 0 && port("admin API") > 0);
            final HttpClient http = HttpClient.newHttpClient();
            final HttpResponse<String> ready = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port("admin API") + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);

            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port("gateway")));
                s.setSoTimeout(15_000);
                final OutputStream out = s.getOutputStream();
                out.write("GET /delay/1500 HTTP/1.1\r\nHost: alpha.shops.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                await().until(() -> stub.requests().size() == 1);
                process.destroy(); // SIGTERM
                final String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(response).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close");
            }
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        }
    }

    @Test
    void demoWritesItsAccessLogToAFileNamedInItsBannerAndServesTheStatusPage() throws Exception {
        final Path folder = dir.resolve("demo");
        start(true, "demo", "--port", "0", "--admin-port", "0", "--dir", folder.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> port("gateway") > 0 && port("admin API") > 0
                                                           && output.stream().anyMatch(l -> l.contains("Ctrl-C")));
        final Path accessLog = folder.resolve(DemoCommand.ACCESS_LOG);
        assertThat(output).contains("  access    " + accessLog + "   (one JSON line per request: tail -f it)")
                          .contains("  status    http://127.0.0.1:" + port("admin API")
                                    + "/   (open it in a browser; it asks for the token)");

        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port("gateway")));
            s.setSoTimeout(15_000);
            s.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: alpha.shops.test\r\nConnection: close\r\n\r\n"
                                              .getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(accessLog)
                                                           && Files.readString(accessLog).contains("\"path\":\"/hello\""));
        assertThat(Files.readString(accessLog)).contains("\"shop\":\"alpha\"", "\"shopset\":\"prod-a\"");
        final HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port("admin API") + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(output).as("the console keeps to the banner and the logs")
                          .noneMatch(l -> l.contains("\"path\":\"/hello\""));
    }

    @Test
    void serveWithoutTheAdminTokenExits1NamingTheVariable() throws Exception {
        try (StubShopSet stub = StubShopSet.start("prod-a", "a1")) {
            start(false, "serve", "--config", config(stub).toString());
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            await().until(() -> String.join("\n", output).contains("SHOPSET_ADMIN_TOKEN"));
        }
    }

    @Test
    void validatePrintsEveryErrorAsPathAndMessageAndExits1() throws Exception {
        final Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                platformDomains: [shops.test]
                tiers: [{name: prod, level: 30}]
                failureDomains: [{name: dc-a}]
                shopsets:
                  - {name: prod-a, tier: prod, failureDomain: dc-x, endpoints: [127.0.0.1:9001]}
                shops:
                  - {id: alpha, shopsets: [prod-a, prod-z]}
                """);
        start(false, "validate", "--config", bad.toString());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        await().until(() -> output.stream().anyMatch(l -> l.contains("error")));
        assertThat(output).contains("shopsets[0].failureDomain: unknown failure domain \"dc-x\"",
                                    "shops[0].shopsets[1]: unknown ShopSet \"prod-z\"");
    }

    @Test
    void aUsageErrorExits2() throws Exception {
        start(false, "serve", "--no-such-option");
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
    }
}
