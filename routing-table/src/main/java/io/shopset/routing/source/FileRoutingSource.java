package io.shopset.routing.source;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shopset.routing.RoutingTable;
import io.shopset.routing.config.ConfigError;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.config.GatewayConfig;

/**
 * The file store: the configuration file is the source of the routing table. It is polled on its
 * own thread; when its bytes change, the new file is validated and its routing part swapped in
 * atomically. On error the last good snapshot stays and one log line names every error.
 *
 * <p>Polling (not a watch service) so that editors that replace the file by rename, and files on
 * mounted ConfigMaps (symlink swaps), are seen the same way.
 */
public final class FileRoutingSource implements AutoCloseable {

    /** The outcome of one reload, for metrics. */
    public enum Result {
        SUCCESS,
        FAILURE,
        /** Valid, but not applied: the file store's state file holds admin changes and wins. */
        IGNORED
    }

    /** What a reload does with a changed, valid configuration. */
    @FunctionalInterface
    public interface Applier {
        /** @throws ConfigException when the routing state breaks a rule; the current one stays */
        Result apply(GatewayConfig config) throws ConfigException;
    }

    private static final Logger logger = LoggerFactory.getLogger(FileRoutingSource.class);

    private final Path file;
    private final Applier applier;
    private final Consumer<Result> onReload;
    private final ScheduledExecutorService executor;
    private byte @Nullable [] lastBytes;

    /**
     * Loads {@code file} into {@code table} now (it must be valid) and watches it every {@code interval}.
     *
     * @param initial  the configuration already loaded from {@code file}
     * @param onReload told the result of every reload after the first
     */
    public FileRoutingSource(Path file, GatewayConfig initial, RoutingTable table, Duration interval,
                             Consumer<Result> onReload) throws ConfigException {
        this(file, interval, onReload, config -> {
            requireNonNull(table, "table").update(config.routingState());
            logger.info("reloaded {}: routing table v{}", file, requireNonNull(table.current()).version());
            return Result.SUCCESS;
        }, () -> table.update(initial.routingState()));
    }

    /**
     * Watches {@code file} every {@code interval} and hands each changed, valid configuration to
     * {@code applier} (on the watch thread). The file's current content counts as seen: only later
     * changes are handed over.
     */
    public static FileRoutingSource watch(Path file, Duration interval, Consumer<Result> onReload, Applier applier) {
        try {
            return new FileRoutingSource(file, interval, onReload, applier, () -> { });
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface InitialLoad {
        void run() throws ConfigException;
    }

    private FileRoutingSource(Path file, Duration interval, Consumer<Result> onReload, Applier applier,
                              InitialLoad initialLoad) throws ConfigException {
        this.file = requireNonNull(file, "file");
        this.applier = requireNonNull(applier, "applier");
        this.onReload = requireNonNull(onReload, "onReload");
        lastBytes = read();
        initialLoad.run();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "shopset-config-watch");
            t.setDaemon(true);
            return t;
        });
        final long ms = interval.toMillis();
        executor.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Checks the file once; reloads when its bytes changed. Called by the watch thread. */
    void poll() {
        final byte[] bytes = read();
        if (bytes == null || Arrays.equals(bytes, lastBytes)) {
            return;
        }
        lastBytes = bytes;
        try {
            final GatewayConfig config = ConfigLoader.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            onReload.accept(applier.apply(config));
        } catch (ConfigException e) {
            final StringBuilder sb = new StringBuilder();
            for (ConfigError err : e.errors()) {
                sb.append("\n  ").append(err);
            }
            logger.error("{} changed but is invalid; keeping the current routing table:{}", file, sb);
            onReload.accept(Result.FAILURE);
        } catch (RuntimeException e) {
            logger.error("reloading {} failed; keeping the current routing table", file, e);
            onReload.accept(Result.FAILURE);
        }
    }

    private byte @Nullable [] read() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            logger.warn("cannot read {}: {}", file, e.toString());
            return null;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
