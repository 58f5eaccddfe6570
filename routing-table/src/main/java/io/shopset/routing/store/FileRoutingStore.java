package io.shopset.routing.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.config.ConfigError;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.source.FileRoutingSource;

/**
 * The file store (the embedded default; one gateway). The configuration file is the base; admin
 * changes persist to the state file.
 *
 * <p>How the two interact: while there is no state file, the configuration file's routing part is
 * the state and edits to it are reloaded live (as {@link FileRoutingSource} does). The first admin
 * change writes the state file; from then on the state file is the routing state, at start and
 * after, and edits to the configuration file's routing part are not applied: each is logged as a
 * warning naming how the file differs from the state in force (nothing is discarded silently).
 * To apply the file again: {@code shopset admin import --file FILE} (validated, audited), or stop
 * the gateway, delete the state file and start it. Per-process settings always come from the file.
 *
 * <p>Concurrency: every change (admin writes on the admin thread, file reloads on the watch thread)
 * is applied under this store's lock: validate, build the snapshot, write the state file
 * (temporary file, fsync, rename), publish, audit. Nothing is applied when any step fails.
 */
public final class FileRoutingStore implements RoutingStore {

    private static final Logger logger = LoggerFactory.getLogger(FileRoutingStore.class);

    private final Path stateFile;
    private final TablePublisher publisher;
    private final AuditTrail audit;
    private final @Nullable FileRoutingSource watcher;
    private final Object lock = new Object();
    // Guarded by lock.
    private VersionedState current;
    private boolean stateFileInForce;
    private RoutingState fileState;

    private FileRoutingStore(Path configFile, GatewayConfig config, Path stateFile, Path auditFile, RoutingTable table,
                             @Nullable Duration pollInterval, Consumer<FileRoutingSource.Result> onReload)
            throws ConfigException, IOException {
        this.stateFile = requireNonNull(stateFile, "stateFile");
        publisher = new TablePublisher(table);
        audit = new AuditTrail(auditFile, 1000);
        fileState = config.routingState();
        final PersistedState persisted = PersistedState.read(stateFile);
        if (persisted != null) {
            stateFileInForce = true;
            current = new VersionedState(persisted.version(), persisted.state());
            logger.info("state file {} (v{}) holds admin changes and is the routing state; the routing part of {} " +
                        "is not applied", stateFile, persisted.version(), configFile);
            warnIfDiffers(configFile, fileState);
        } else {
            current = new VersionedState(1, fileState);
        }
        try {
            publisher.publish(publisher.build(current.state(), current.version()));
        } catch (ConfigException e) {
            if (persisted == null) {
                throw e;
            }
            throw new ConfigException(e.errors().stream()
                    .map(err -> new ConfigError("stateFile " + stateFile + ": " + err.path(), err.message())).toList());
        }
        watcher = pollInterval == null ? null
                : FileRoutingSource.watch(configFile, pollInterval, onReload, c -> onFileChange(configFile, c));
    }

    /**
     * Opens the file store: the state file when it exists, else {@code config}'s routing part,
     * published into {@code table}; then watches {@code configFile} every {@code pollInterval}
     * ({@code null}: never).
     *
     * @throws ConfigException when the state in force is invalid
     * @throws IOException     when the state file exists but cannot be read
     */
    public static FileRoutingStore open(Path configFile, GatewayConfig config, Path stateFile, Path auditFile,
                                        RoutingTable table, @Nullable Duration pollInterval,
                                        Consumer<FileRoutingSource.Result> onReload)
            throws ConfigException, IOException {
        return new FileRoutingStore(configFile, config, stateFile, auditFile, table, pollInterval, onReload);
    }

    @Override
    public VersionedState current() {
        synchronized (lock) {
            return current;
        }
    }

    @Override
    public long write(long expectedVersion, RoutingState next, ChangeRecord record)
            throws ConfigException, StoreConflictException, StoreUnavailableException {
        requireNonNull(next, "next");
        requireNonNull(record, "record");
        synchronized (lock) {
            if (current.version() != expectedVersion) {
                throw new StoreConflictException(expectedVersion, current.version());
            }
            final long version = current.version() + 1;
            final RoutingSnapshot snapshot = publisher.build(next, version);
            try {
                new PersistedState(version, null, StateDiff.fingerprint(fileState), next).writeTo(stateFile);
            } catch (IOException e) {
                throw new StoreUnavailableException("cannot write the state file " + stateFile + ": " + e, e);
            }
            stateFileInForce = true;
            current = new VersionedState(version, next);
            publisher.publish(snapshot);
            audit.append(record.withVersion(version));
            return version;
        }
    }

    @Override
    public List<ChangeRecord> recentChanges(int limit) {
        return audit.recent(limit);
    }

    @Override
    public String describe() {
        synchronized (lock) {
            return "file (state file " + stateFile + (stateFileInForce ? ", in force" : ", not written yet") + ')';
        }
    }

    /** Whether the state file holds the routing state (an admin change was made). */
    public boolean stateFileInForce() {
        synchronized (lock) {
            return stateFileInForce;
        }
    }

    private FileRoutingSource.Result onFileChange(Path configFile, GatewayConfig config) throws ConfigException {
        synchronized (lock) {
            final RoutingState changed = config.routingState();
            if (stateFileInForce) {
                final boolean routingChanged = !StateDiff.same(fileState, changed);
                fileState = changed;
                if (routingChanged) {
                    warnIfDiffers(configFile, changed);
                    return FileRoutingSource.Result.IGNORED;
                }
                return FileRoutingSource.Result.SUCCESS;
            }
            final long version = current.version() + 1;
            final RoutingSnapshot snapshot = publisher.build(changed, version);
            fileState = changed;
            current = new VersionedState(version, changed);
            publisher.publish(snapshot);
            logger.info("reloaded {}: routing state v{}", configFile, version);
            return FileRoutingSource.Result.SUCCESS;
        }
    }

    private void warnIfDiffers(Path configFile, RoutingState file) {
        final List<String> diff = StateDiff.differences(file, current.state(), "the file", "the state file", 20);
        if (!diff.isEmpty()) {
            logger.warn("the routing part of {} differs from the state file {} (v{}), which holds admin changes and " +
                        "wins; the file's routing changes are NOT applied. Apply them with `shopset admin import " +
                        "--file {}`, or stop, delete the state file and start. Differences:\n  {}",
                        configFile, stateFile, current.version(), configFile, String.join("\n  ", diff));
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    /** The default audit log file beside {@code stateFile}: {@code <stateFile>.audit.jsonl}. */
    public static Path auditFileFor(Path stateFile) {
        return stateFile.resolveSibling(stateFile.getFileName() + ".audit.jsonl");
    }
}
