package io.shopset.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.shopset.routing.config.Mappers;

/**
 * The status page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver};
 * bin/test installs them) against a real gateway process with stub ShopSets in two failure domains
 * and live traffic: the token form, the ShopSet × failure-domain grid with health and rates, explain
 * by shop id, top shops, an isolate done through the API showing up in the audit list and in explain
 * on the next auto-refresh, and a ShopSet whose only pod died leaving the ready state (circuit open or
 * down), with no Content-Security-Policy refusal or script error in the console. Saves a screenshot to
 * {@code app/target/status-page.png}.
 *
 * <p>Selenium uses the system chromedriver and browser given by path, so it never looks for or
 * downloads either (Selenium Manager is not involved).
 */
class StatusPageBrowserTest {

    static final Path CHROMEDRIVER = Path.of(System.getProperty("shopset.test.chromedriver", "/usr/bin/chromedriver"));
    static final Path CHROMIUM = Path.of(System.getProperty("shopset.test.chromium", "/usr/bin/chromium"));
    static final Path SCREENSHOT = Path.of("target", "status-page.png");

    @TempDir
    Path dir;

    @Test
    void showsTheRunningGatewaysShopSetsRoutesTopShopsAndAudit() throws Exception {
        assertThat(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM))
                .withFailMessage("the status page test needs Debian's chromium and chromium-driver (%s, %s): "
                                 + "sudo apt-get install -y chromium chromium-driver (bin/test installs them)",
                                 CHROMIUM, CHROMEDRIVER)
                .isTrue();
        final ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        try (Cluster c = new Cluster(dir, "file")) {
            final GatewayProcess p = c.start("solo");
            final AtomicInteger sent = new AtomicInteger();
            // Steady traffic while the page is open: alpha (prod-a first) busiest, beta (prod-b first) too.
            traffic.scheduleAtFixedRate(() -> {
                try {
                    Cluster.servedBy(p, "alpha.shops.test");
                    Cluster.servedBy(p, "alpha.shops.test");
                    Cluster.servedBy(p, "beta.shops.test");
                    sent.incrementAndGet();
                } catch (IOException | RuntimeException e) {
                    // keep the schedule going (an exception would cancel it); the gateway counts what happened
                }
            }, 0, 20, TimeUnit.MILLISECONDS);

            final WebDriver driver = chromium();
            try {
                // The page re-renders every 2 s: every read happens inside a wait, retried when a refresh
                // replaced the element between finding and reading it.
                final WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
                wait.ignoring(StaleElementReferenceException.class);
                driver.get("http://127.0.0.1:" + p.adminAddress().getPort() + "/");

                // The page is open; the data is not: it asks for a token first, and says when one is refused.
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
                assertThat(driver.findElement(By.id("dashboard")).isDisplayed()).isFalse();
                enterToken(driver, "not-the-token");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "refused"));
                enterToken(driver, Cluster.TOKEN);
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dashboard")));
                assertThat(driver.findElement(By.id("login")).isDisplayed()).isFalse();

                // The grid: each ShopSet in its failure domain's column, with health, state and shop count.
                final JsonNode api = Mappers.json().readTree(c.admin(p, "GET", "/api/v1/shopsets", null).body());
                for (String[] expected : new String[][] {{"dc-a", "prod-a"}, {"dc-b", "prod-b"}, {"dc-a", "vip-1"}}) {
                    final By card = By.cssSelector("[data-domain='" + expected[0] + "'] [data-shopset='" + expected[1] + "']");
                    final List<String> shown = wait.until(d -> {
                        final WebElement e = d.findElement(card);
                        return List.of(e.findElement(By.cssSelector(".health")).getText(),
                                       e.findElement(By.cssSelector(".state")).getText(),
                                       e.findElement(By.cssSelector(".shops")).getText());
                    });
                    assertThat(shown).as(expected[1]).containsExactly(
                            "1/1", "ready", shopSet(api, expected[1]).path("shops").asText());
                }
                assertThat(text(wait, By.id("summary"))).contains("3 shops", "3 ShopSets");
                // Rates come from the data plane's per-second samples: prod-a carries alpha's traffic.
                wait.until(d -> parse(d.findElement(By.cssSelector("[data-shopset='prod-a'] .rps")).getText()) > 0);
                assertThat(text(wait, By.cssSelector("[data-shopset='prod-a'] .errors"))).isEqualTo("0.0%");
                // Every shop has its replicas: the under-replicated section says so.
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("under-replicated"), "None: every shop has all its replicas."));
                assertThat(driver.findElement(By.id("under-replicated-section")).isDisplayed()).isTrue();

                // Top shops lists the loaded shop, busiest first.
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#top-shops tbody tr:first-child"), "alpha"));

                // Explain by bare shop id: the page asks for alpha.{platform domain}.
                driver.findElement(By.id("explain-input")).sendKeys("alpha");
                driver.findElement(By.cssSelector("#explain-form button")).click();
                final By result = By.cssSelector("#explain-result [data-chosen='prod-a']");
                assertThat(text(wait, result)).contains("alpha → alpha.shops.test", "placement #1", "dc-b");
                final int candidates = wait.until(d -> d.findElement(result).findElements(By.cssSelector("tr[data-shopset]"))
                                                        .size());
                assertThat(candidates).isEqualTo(2);

                // A change through the API shows up on the next refresh: in the audit list and in explain.
                final var isolate = c.admin(p, "POST", "/api/v1/shops/alpha/isolate", "{\"shopset\":\"vip-1\"}");
                assertThat(isolate.statusCode()).as(isolate.body()).isEqualTo(200);
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#audit tbody tr:first-child"), "isolate"));
                assertThat(text(wait, By.cssSelector("#audit tbody tr:first-child"))).contains("admin", "shop/alpha");
                wait.until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#explain-result [data-chosen='vip-1']")));

                // prod-b's only pod dies: beta's failed requests open its breaker or get the pod ejected, and
                // its card leaves the ready state (circuit open, or down with 0/1 endpoints).
                c.b1.close();
                final By prodB = By.cssSelector("[data-domain='dc-b'] [data-shopset='prod-b']");
                final List<String> b = wait.until(d -> {
                    final WebElement e = d.findElement(prodB);
                    final List<String> shown = List.of(e.getAttribute("data-state"),
                                                       e.findElement(By.cssSelector(".state")).getText(),
                                                       e.findElement(By.cssSelector(".health")).getText());
                    return shown.get(0).equals("ready") ? null : shown;
                });
                assertThat(b.get(0)).isIn("down", "circuit-open");
                assertThat(b.get(1)).isEqualTo(b.get(0).equals("down") ? "down" : "circuit open");
                if (b.get(0).equals("down")) {
                    assertThat(b.get(2)).isEqualTo("0/1");
                }

                // Nothing was refused by the Content-Security-Policy, and no script failed.
                final List<LogEntry> console = driver.manage().logs().get(LogType.BROWSER).getAll();
                assertThat(console).as("the console is captured: the refused token's 401 is in it")
                                   .anyMatch(e -> e.getMessage().contains("401"));
                assertThat(console).noneMatch(e -> e.getMessage().contains("Content Security Policy")
                                                   || e.getMessage().contains("Uncaught"));

                final Path shot = Files.write(SCREENSHOT, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
                System.out.println("status page screenshot: " + shot.toAbsolutePath());
                assertThat(sent.get()).isPositive();
            } finally {
                traffic.shutdownNow();
                driver.quit();
            }
        } finally {
            traffic.shutdownNow();
            traffic.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static String text(WebDriverWait wait, By by) {
        return wait.until(d -> d.findElement(by).getText());
    }

    private static void enterToken(WebDriver driver, String token) {
        final WebElement input = driver.findElement(By.id("token"));
        input.clear();
        input.sendKeys(token);
        driver.findElement(By.cssSelector("#login-form button")).click();
    }

    private static JsonNode shopSet(JsonNode list, String name) {
        for (JsonNode s : list.path("shopsets")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no ShopSet " + name + " in " + list);
    }

    private static double parse(String number) {
        try {
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Headless Chromium through the system chromedriver, both by path: nothing is looked up or downloaded. */
    private static WebDriver chromium() {
        final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                             "--window-size=1400,1000", "--no-first-run", "--disable-extensions");
        final LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new ChromeDriver(service, options);
    }
}
