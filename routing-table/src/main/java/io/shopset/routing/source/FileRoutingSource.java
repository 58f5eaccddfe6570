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
    public enum Result { SUCCESS, FAILURE }

    private static final Logger logger = LoggerFactory.getLogger(FileRoutingSource.class);

    private final Path file;
    private final RoutingTable table;
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
        this.file = requireNonNull(file, "file");
        this.table = requireNonNull(table, "table");
        this.onReload = requireNonNull(onReload, "onReload");
        lastBytes = read();
        table.update(initial.routingState());
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
            table.update(config.routingState());
            logger.info("reloaded {}: routing table v{}", file, requireNonNull(table.current()).version());
            onReload.accept(Result.SUCCESS);
        } catch (ConfigException e) {
            final StringBuilder sb = new StringBuilder();
            for (ConfigError err : e.errors()) {
                sb.append("\n  ").append(err);
            }
            logger.error("{} changed but is invalid; keeping routing table v{}:{}", file,
                         table.current() == null ? 0 : table.current().version(), sb);
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
