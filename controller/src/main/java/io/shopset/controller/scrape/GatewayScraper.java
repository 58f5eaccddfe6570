package io.shopset.controller.scrape;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes every gateway's {@code /metrics} every {@code interval} on its own thread
 * ({@code shopset-gateway-scraper}; never an informer or the reconcile thread), all gateways at
 * once, each within {@code timeout}, and publishes a new {@link ErrorHistory} after each round.
 * Scrapes are stamped with the controller's clock. A gateway that cannot be scraped is logged
 * (once until it answers again) and simply has no scrape in that round.
 */
public final class GatewayScraper implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(GatewayScraper.class);

    private final Supplier<List<URI>> targets;
    private final Duration interval;
    private final Duration timeout;
    private final Duration retention;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService executor;
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile ErrorHistory history = ErrorHistory.EMPTY;
    // Only on the scraper thread.
    private final Set<URI> failing = new HashSet<>();

    /**
     * @param targets   the gateways' metrics URLs, asked before every round
     * @param retention how far back scrapes are kept (at least the bake time)
     */
    public GatewayScraper(Supplier<List<URI>> targets, Duration interval, Duration timeout, Duration retention,
                          Clock clock) {
        this.targets = targets;
        this.interval = interval;
        this.timeout = timeout;
        this.retention = retention;
        this.clock = clock;
        http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "shopset-gateway-scraper");
            t.setDaemon(true);
            return t;
        });
    }

    /** Scrapes now and then every interval. */
    public void start() {
        executor.scheduleWithFixedDelay(this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The counters scraped so far. */
    public ErrorHistory history() {
        return history;
    }

    /** Rounds completed. */
    public long rounds() {
        return rounds.get();
    }

    /** Scrapes that failed (no answer, not 200, unreadable). */
    public long failures() {
        return failures.get();
    }

    /** Runs one round on the scraper's thread now and waits for it (tests, and an operator's nudge). */
    public void scrapeNow() throws InterruptedException {
        try {
            executor.submit(this::round).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("scrape failed", e.getCause());
        }
    }

    private void round() {
        try {
            final List<URI> uris = targets.get();
            final Instant at = clock.instant();
            final List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>(uris.size());
            for (URI uri : uris) {
                pending.add(http.sendAsync(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                                           HttpResponse.BodyHandlers.ofString()));
            }
            ErrorHistory h = history;
            for (int i = 0; i < uris.size(); i++) {
                final URI uri = uris.get(i);
                try {
                    final HttpResponse<String> r = pending.get(i).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + r.statusCode());
                    }
                    h = h.with(uri.toString(), ErrorHistory.Scrape.parse(r.body(), at), at.minus(retention));
                    if (failing.remove(uri)) {
                        logger.info("gateway metrics {} answer again", uri);
                    }
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    pending.get(i).cancel(true);
                    failures.incrementAndGet();
                    final Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                    if (failing.add(uri)) {
                        logger.warn("cannot scrape gateway metrics {}: {}", uri, cause.toString());
                    }
                }
            }
            history = h;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            logger.warn("gateway scrape round failed", e);
        } finally {
            rounds.incrementAndGet();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
