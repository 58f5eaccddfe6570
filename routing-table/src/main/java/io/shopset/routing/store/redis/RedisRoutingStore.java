package io.shopset.routing.store.redis;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectReader;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.KeyValue;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.config.Mappers;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.store.AuditTrail;
import io.shopset.routing.store.ChangeRecord;
import io.shopset.routing.store.ChangeRecords;
import io.shopset.routing.store.PersistedState;
import io.shopset.routing.store.RoutingStore;
import io.shopset.routing.store.StateDiff;
import io.shopset.routing.store.StoreConflictException;
import io.shopset.routing.store.StoreUnavailableException;
import io.shopset.routing.store.TablePublisher;
import io.shopset.routing.store.VersionedState;

/**
 * The Redis store ({@code store: redis://host:port/db}): the routing state shared by every gateway
 * replica ({@link RedisLayout}).
 *
 * <p>Writes: the admin thread computes the next state from {@link #current()} and calls
 * {@link #write}: one Lua script checks the version (compare-and-set), applies the delta, bumps the
 * version, records the change and publishes the delta on the channel, atomically. The writer then
 * swaps its own snapshot at once.
 *
 * <p>Propagation: every replica is subscribed to the channel. A message whose {@code prev} is the
 * replica's version is applied as a delta (validate, build, swap); an older one is ignored (its own
 * write); anything else (a gap, another epoch, a {@code full} message) triggers a full resync: read
 * version, meta and every shop (HSCAN), and accept the read only when the version did not move
 * meanwhile. A poll every {@link #POLL} catches what pub/sub lost (pub/sub is at-most-once): a
 * version Redis had at one poll that this replica still has not reached at the next
 * ({@link CatchUp}), a new epoch, or Redis coming back, resyncs.
 *
 * <p>Seeding: the first replica to find Redis empty seeds it (behind a lock key, staged then
 * installed by one script) from its current state when it has one (its last good snapshot: a Redis
 * that restarted empty keeps the admin changes), else from the configuration file. A replica whose
 * file differs from Redis logs a warning naming the differences; Redis stays the source of truth.
 *
 * <p>Last good snapshot: after applied changes the state is written to {@code lastGoodFile}
 * (temporary file, fsync, rename) by the {@code shopset-last-good} thread, at most once a second
 * and, for a large table, less often. A replica starting while Redis is unreachable serves it (or,
 * without one, the configuration file's state) and keeps trying to connect; admin writes get 503
 * until Redis is back.
 *
 * <p>Threads and concurrency: Lettuce's own event loops do the I/O; its pub/sub callbacks only hand
 * the message to the {@code shopset-routing-sync} control thread, which does every read of Redis,
 * every resync and every snapshot build of changes made elsewhere (a delta of a few shops costs
 * about those shops: {@link ChangeMessage#applyTo}, {@link TablePublisher}); the
 * {@code shopset-last-good} thread writes the last good file. Admin writes run on the admin
 * thread. Both change the local state under {@code lock}. No Redis call ever runs on a gateway event
 * loop: the data plane only reads the routing table's snapshot. Command timeouts are explicit (the
 * URI's {@code timeout}, default 2s) and commands fail at once while disconnected.
 */
public final class RedisRoutingStore implements RoutingStore {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration RECONNECT = Duration.ofSeconds(1);
    static final String PREFIX = "shopset:";
    private static final int SCAN_COUNT = 5000;
    static final Duration SAVE_INTERVAL = Duration.ofSeconds(1);
    static final int SAVE_GAP_FACTOR = 10;

    private static final Logger logger = LoggerFactory.getLogger(RedisRoutingStore.class);
    private static final ObjectReader SHOP = Mappers.json().readerFor(Shop.class);
    private static final ObjectReader STATE = Mappers.json().readerFor(RoutingState.class);

    private final String uriText;
    private final RedisLayout keys = new RedisLayout(PREFIX);
    private final ClientResources resources;
    private final RedisClient client;
    private final RoutingState fileState;
    private final Path lastGoodFile;
    private final TablePublisher publisher;
    private final AuditTrail localAudit;
    private final ScheduledExecutorService control;
    /** Writes the last good file, off the sync thread: a large state takes a while to write. */
    private final ScheduledExecutorService saver;
    private final Object lock = new Object();
    /** Whether the version poll finds change messages lost. */
    private final CatchUp catchUp = new CatchUp();
    /** One full resync at a time (control thread, or the admin thread after a lost compare-and-set). */
    private final Object syncLock = new Object();

    // Written under lock; volatile for the readers outside it.
    private volatile @Nullable StatefulRedisConnection<String, String> conn;
    private volatile @Nullable StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile VersionedState current;
    private volatile @Nullable String epoch;
    private volatile boolean redisUp;
    private volatile boolean dirty;
    // The saver thread (and close) only.
    private long nextSaveNanos = System.nanoTime();
    // Startup, then the control thread only.
    private volatile boolean comparedWithFile;
    private volatile boolean closed;

    private RedisRoutingStore(String uri, RoutingState fileState, Path lastGoodFile, Path auditFile, RoutingTable table)
            throws ConfigException {
        uriText = requireNonNull(uri, "uri");
        this.fileState = requireNonNull(fileState, "fileState");
        this.lastGoodFile = requireNonNull(lastGoodFile, "lastGoodFile");
        publisher = new TablePublisher(table);
        localAudit = new AuditTrail(auditFile, RedisLayout.AUDIT_CAPACITY);
        final RedisURI redisUri = RedisURI.create(uri);
        if (!uri.contains("timeout=")) {
            redisUri.setTimeout(DEFAULT_TIMEOUT);
        }
        final RedisClients clients = RedisClients.create(redisUri, redisUri.getTimeout(), 2);
        resources = clients.resources();
        client = clients.client();
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (connection == pubsub && !closed) {
                    control.execute(() -> resyncQuietly("reconnected"));
                }
            }
        });
        final ScheduledThreadPoolExecutor exec = new ScheduledThreadPoolExecutor(1, r -> {
            final Thread t = new Thread(r, "shopset-routing-sync");
            t.setDaemon(true);
            return t;
        });
        exec.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        exec.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        control = exec;
        final ScheduledThreadPoolExecutor save = new ScheduledThreadPoolExecutor(1, r -> {
            final Thread t = new Thread(r, "shopset-last-good");
            t.setDaemon(true);
            return t;
        });
        save.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        save.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        saver = save;
        current = new VersionedState(0, fileState);
        if (!connectAndSync()) {
            startFromLocal();
        }
        control.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        saver.scheduleWithFixedDelay(() -> saveLastGood(false), SAVE_INTERVAL.toMillis(), SAVE_INTERVAL.toMillis(),
                                     TimeUnit.MILLISECONDS);
    }

    /**
     * Connects to {@code uri}, loads (or seeds) the state and publishes it into {@code table}; when
     * Redis is unreachable, serves the last good snapshot in {@code lastGoodFile} (or
     * {@code fileState}) and keeps trying.
     *
     * @param uri          {@code redis://host:port/db}, optionally {@code ?timeout=2s}
     * @param fileState    the configuration file's routing part: the seed when Redis is empty
     * @param lastGoodFile where the last good state is kept on local disk
     * @param auditFile    where changes made through this replica are logged (JSON lines)
     * @throws ConfigException when neither Redis nor the local files give a valid state
     */
    public static RedisRoutingStore start(String uri, RoutingState fileState, Path lastGoodFile, Path auditFile,
                                          RoutingTable table) throws ConfigException {
        return new RedisRoutingStore(uri, fileState, lastGoodFile, auditFile, table);
    }

    /** The default last-good file beside {@code stateFile}: {@code <stateFile>.redis-last-good.json}. */
    public static Path lastGoodFileFor(Path stateFile) {
        return stateFile.resolveSibling(stateFile.getFileName() + ".redis-last-good.json");
    }

    @Override
    public VersionedState current() {
        return current;
    }

    /** The epoch (seeding of Redis) the current state descends from; {@code null} before Redis was read. */
    public @Nullable String epochForTests() {
        return epoch;
    }

    /** Whether the last command to Redis succeeded. */
    public boolean connected() {
        return redisUp;
    }

    @Override
    public long write(long expectedVersion, RoutingState next, ChangeRecord record)
            throws ConfigException, StoreConflictException, StoreUnavailableException {
        requireNonNull(next, "next");
        final Long result;
        synchronized (lock) {
            final VersionedState cur = current;
            final String ep = epoch;
            final StatefulRedisConnection<String, String> c = conn;
            if (cur.version() != expectedVersion) {
                throw new StoreConflictException(expectedVersion, cur.version());
            }
            final long version = expectedVersion + 1;
            final RoutingSnapshot snapshot = publisher.build(next, version);
            if (c == null || ep == null) {
                throw new StoreUnavailableException("Redis " + uriText + " is unreachable; serving v" + cur.version());
            }
            final ChangeMessage delta = ChangeMessage.delta(ep, version, cur.state(), next);
            final ChangeRecord stamped = record.withVersion(version);
            final List<String> args = new ArrayList<>();
            args.add(Long.toString(expectedVersion));
            args.add(ep);
            args.add(keys.channel);
            args.add(delta.announced().toJson());
            args.add(ChangeRecords.toJsonLine(stamped));
            args.add(Integer.toString(RedisLayout.AUDIT_CAPACITY));
            args.add(delta.meta() == null ? "" : json(delta.meta()));
            final List<String> deletes = delta.deletes() == null ? List.of() : delta.deletes();
            args.add(Integer.toString(deletes.size()));
            args.addAll(deletes);
            if (delta.upserts() != null) {
                for (Map.Entry<String, Shop> e : delta.upserts().entrySet()) {
                    args.add(e.getKey());
                    args.add(json(e.getValue()));
                }
            }
            try {
                result = c.sync().eval(RedisLayout.WRITE, ScriptOutputType.INTEGER,
                                       new String[] { keys.version, keys.epoch, keys.meta, keys.shops, keys.audit },
                                       args.toArray(new String[0]));
                redisUp = true;
            } catch (RedisException e) {
                redisUp = false;
                throw new StoreUnavailableException("Redis " + uriText + ": " + e.getMessage() +
                                                    " (the change may or may not have been applied)", e);
            }
            if (result != null && result >= 0) {
                current = new VersionedState(result, next);
                publisher.publish(snapshot);
                localAudit.append(stamped);
                dirty = true;
                return result;
            }
        }
        if (result != null && result == -1) {
            // Another replica wrote first: catch up now (its message may still be on its way), so
            // the caller's retry computes on the newer state.
            resyncQuietly("another replica wrote first");
            throw new StoreConflictException(expectedVersion, current.version());
        }
        control.execute(() -> resyncQuietly("Redis was emptied or reseeded"));
        throw new StoreUnavailableException("Redis " + uriText + " was emptied or reseeded; resyncing");
    }

    @Override
    public List<ChangeRecord> recentChanges(int limit) {
        final StatefulRedisConnection<String, String> c = conn;
        if (c != null) {
            try {
                final List<ChangeRecord> out = new ArrayList<>();
                for (String line : c.sync().lrange(keys.audit, 0, limit - 1)) {
                    try {
                        out.add(ChangeRecords.parse(line));
                    } catch (IOException e) {
                        logger.debug("skipping an audit entry: {}", e.getMessage());
                    }
                }
                return out;
            } catch (RedisException e) {
                logger.debug("reading the audit list failed; showing this replica's: {}", e.getMessage());
            }
        }
        return localAudit.recent(limit);
    }

    @Override
    public String describe() {
        return "redis (" + uriText + ", v" + current.version() + (redisUp ? ", connected" : ", unreachable") + ')';
    }

    @Override
    public void close() {
        closed = true;
        control.shutdown();
        saver.shutdown();
        try {
            control.awaitTermination(2, TimeUnit.SECONDS);
            saver.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        saveLastGood(true);
        final var p = pubsub;
        final var c = conn;
        if (p != null) {
            p.closeAsync();
        }
        if (c != null) {
            c.closeAsync();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    // ---- connecting and resyncing (startup thread, then the control thread) ----

    private boolean connectAndSync() throws ConfigException {
        try {
            final StatefulRedisConnection<String, String> c = client.connect();
            final StatefulRedisPubSubConnection<String, String> p = client.connectPubSub();
            p.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    if (!closed) {
                        control.execute(() -> onMessage(message));
                    }
                }
            });
            pubsub = p;
            p.sync().subscribe(keys.channel);
            conn = c;
            redisUp = true;
            resync("connected");
            logger.info("routing store: Redis {} at v{} (epoch {})", uriText, current.version(), epoch);
            return true;
        } catch (RedisException e) {
            redisUp = false;
            logger.warn("routing store: Redis {} is unreachable: {}", uriText, e.getMessage());
            closeConnections();
            return false;
        }
    }

    private void startFromLocal() throws ConfigException {
        PersistedState last = null;
        try {
            last = PersistedState.read(lastGoodFile);
        } catch (IOException e) {
            logger.error("cannot read the last good routing state {}: {}", lastGoodFile, e.toString());
        }
        if (last != null) {
            logger.warn("serving the last good routing state v{} from {} until Redis {} is reachable",
                        last.version(), lastGoodFile, uriText);
            install(new VersionedState(last.version(), last.state()), last.epoch());
        } else {
            logger.warn("no last good routing state at {}: serving the configuration file's until Redis {} is " +
                        "reachable", lastGoodFile, uriText);
            install(new VersionedState(0, fileState), null);
        }
        control.schedule(this::reconnect, RECONNECT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reconnect() {
        if (closed || conn != null) {
            return;
        }
        try {
            if (!connectAndSync()) {
                control.schedule(this::reconnect, RECONNECT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ConfigException e) {
            logger.error("the routing state in Redis {} is invalid; keeping v{}: {}", uriText,
                         current.version(), e.getMessage());
            control.schedule(this::reconnect, RECONNECT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void closeConnections() {
        final var p = pubsub;
        final var c = conn;
        pubsub = null;
        conn = null;
        if (p != null) {
            p.closeAsync();
        }
        if (c != null) {
            c.closeAsync();
        }
    }

    /** One pub/sub message (control thread). */
    private void onMessage(String text) {
        final ChangeMessage m;
        try {
            m = ChangeMessage.parse(text);
        } catch (IOException e) {
            logger.warn("ignoring a malformed change message: {}", e.getMessage());
            return;
        }
        synchronized (lock) {
            if (m.epoch().equals(epoch) && m.version() <= current.version()) {
                return;
            }
            if (!m.full() && m.epoch().equals(epoch) && m.prev() == current.version()) {
                try {
                    install(new VersionedState(m.version(), m.applyTo(current.state())), epoch);
                    return;
                } catch (ConfigException e) {
                    logger.error("change v{} from Redis is invalid: {}; reading the whole state", m.version(),
                                 e.getMessage());
                }
            }
        }
        resyncQuietly(m.full() ? "a full change" : "missed changes before v" + m.version());
    }

    /** Every {@link #POLL}: is Redis where we are? (control thread) */
    private void poll() {
        final StatefulRedisConnection<String, String> c = conn;
        if (c == null || closed) {
            return;
        }
        try {
            final List<KeyValue<String, String>> kv = c.sync().mget(keys.version, keys.epoch);
            final boolean wasDown = !redisUp;
            redisUp = true;
            final String v = kv.get(0).getValueOrElse(null);
            final String e = kv.get(1).getValueOrElse(null);
            if (v == null || wasDown || e == null || !e.equals(epoch)) {
                resync(v == null ? "Redis is empty" : wasDown ? "Redis is back" : "Redis was reseeded");
                return;
            }
            final long remote = Long.parseLong(v);
            final long local = current.version();
            final long target = catchUp.target();
            if (catchUp.lost(local, remote)) {
                resync("behind Redis (v" + local + " < v" + target + " a poll ago, v" + remote + " now)");
            }
        } catch (RedisException ex) {
            if (redisUp) {
                logger.warn("routing store: Redis {} unreachable ({}); serving v{}", uriText, ex.getMessage(),
                            current.version());
            }
            redisUp = false;
        } catch (ConfigException | RuntimeException ex) {
            logger.error("routing store: resync failed; keeping v{}", current.version(), ex);
        }
    }

    private void resyncQuietly(String why) {
        if (closed || conn == null) {
            return;
        }
        try {
            resync(why);
        } catch (RedisException e) {
            redisUp = false;
            logger.warn("routing store: resync ({}) failed: {}; serving v{}", why, e.getMessage(), current.version());
        } catch (ConfigException | RuntimeException e) {
            logger.error("routing store: resync ({}) failed; keeping v{}", why, current.version(), e);
        }
    }

    /** Reads the whole state (seeding an empty Redis first) and installs it if it is another one. */
    private void resync(String why) throws ConfigException {
        synchronized (syncLock) {
            resyncOnce(why);
        }
    }

    private void resyncOnce(String why) throws ConfigException {
        final StatefulRedisConnection<String, String> c = requireNonNull(conn, "conn");
        Loaded loaded = load(c.sync());
        if (loaded == null) {
            final VersionedState seed;
            synchronized (lock) {
                seed = current.version() > 0 || epoch != null ? current : new VersionedState(1, fileState);
            }
            seed(c.sync(), seed);
            loaded = load(c.sync());
            if (loaded == null) {
                throw new RedisException("Redis is still empty after seeding");
            }
        }
        catchUp.reset();
        if (!comparedWithFile) {
            comparedWithFile = true;
            final List<String> diff = StateDiff.differences(fileState, loaded.state(), "the file", "Redis", 20);
            if (!diff.isEmpty()) {
                logger.warn("the routing part of the configuration file differs from Redis {} (v{}), which is the " +
                            "source of truth; the file's routing part is not applied. Differences:\n  {}",
                            uriText, loaded.version(), String.join("\n  ", diff));
            }
        }
        synchronized (lock) {
            if (loaded.epoch().equals(epoch) && loaded.version() <= current.version()) {
                return;
            }
            logger.info("routing store: resync ({}): v{} -> v{} (epoch {})", why, current.version(),
                        loaded.version(), loaded.epoch());
            install(new VersionedState(loaded.version(), loaded.state()), loaded.epoch());
        }
    }

    private record Loaded(long version, String epoch, RoutingState state) {
    }

    /** A consistent read of the whole state, or {@code null} when Redis holds none. */
    private @Nullable Loaded load(RedisCommands<String, String> r) {
        for (int attempt = 0; attempt < 10; attempt++) {
            final List<KeyValue<String, String>> before = r.mget(keys.version, keys.epoch);
            if (!before.get(0).hasValue() || !before.get(1).hasValue()) {
                return null;
            }
            final String metaJson = r.get(keys.meta);
            final List<Shop> shops = new ArrayList<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                final MapScanCursor<String, String> page = r.hscan(keys.shops, cursor,
                                                                   ScanArgs.Builder.limit(SCAN_COUNT));
                for (String json : page.getMap().values()) {
                    shops.add(parse(SHOP, json));
                }
                cursor = page;
            } while (!cursor.isFinished());
            final List<KeyValue<String, String>> after = r.mget(keys.version, keys.epoch);
            if (before.equals(after) && metaJson != null) {
                shops.sort(Comparator.comparing(Shop::id));
                final RoutingState meta = parse(STATE, metaJson);
                return new Loaded(Long.parseLong(before.get(0).getValue()), before.get(1).getValue(),
                                  ChangeMessage.withShops(meta, shops));
            }
        }
        throw new RedisException("the routing state kept changing while it was read");
    }

    private void seed(RedisCommands<String, String> r, VersionedState seed) {
        final String owner = UUID.randomUUID().toString();
        if (!"OK".equals(r.set(keys.seedLock, owner, SetArgs.Builder.nx().px(60_000)))) {
            logger.info("routing store: another replica is seeding Redis; waiting");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (r.exists(keys.version) == 0 && System.nanoTime() < deadline) {
                try {
                    TimeUnit.MILLISECONDS.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RedisException("interrupted while waiting for the seed");
                }
            }
            return;
        }
        try {
            final String newEpoch = UUID.randomUUID().toString();
            final long version = Math.max(1, seed.version());
            r.del(keys.seedShops);
            final Map<String, String> batch = new HashMap<>();
            for (Shop s : seed.state().shops()) {
                batch.put(s.id(), json(s));
                if (batch.size() == SCAN_COUNT) {
                    r.hset(keys.seedShops, batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                r.hset(keys.seedShops, batch);
            }
            final Long seeded = r.eval(RedisLayout.SEED, ScriptOutputType.INTEGER,
                                       new String[] { keys.version, keys.epoch, keys.meta, keys.shops, keys.seedShops },
                                       Long.toString(version), newEpoch, json(ChangeMessage.meta(seed.state())),
                                       keys.channel, ChangeMessage.full(newEpoch, version).toJson());
            if (seeded != null && seeded == 1) {
                logger.warn("routing store: Redis {} was empty; seeded it with v{} ({} shops) from {}", uriText,
                            version, seed.state().shops().size(),
                            epoch == null && current.version() == 0 ? "the configuration file" : "this replica's state");
            }
        } finally {
            if (owner.equals(r.get(keys.seedLock))) {
                r.del(keys.seedLock);
            }
        }
    }

    /** Validates, builds and swaps in {@code state}. Caller holds {@code lock} or is starting. */
    private void install(VersionedState state, @Nullable String ep) throws ConfigException {
        synchronized (lock) {
            final RoutingSnapshot snapshot = publisher.build(state.state(), state.version());
            current = state;
            epoch = ep;
            publisher.publish(snapshot);
            dirty = true;
        }
    }

    /**
     * Writes the last good state when it changed ({@code shopset-last-good} thread, and at close):
     * at most once a {@link #SAVE_INTERVAL}, and after a write that took {@code d}, not again for
     * {@link #SAVE_GAP_FACTOR}{@code  × d}, so that a large table changing all the time costs this
     * thread at most a tenth of a core. A million shops take about a second to write: the file may
     * then be some seconds behind, which only matters to a replica that starts while Redis is down.
     */
    private synchronized void saveLastGood(boolean now) {
        if (!dirty || (!now && System.nanoTime() - nextSaveNanos < 0)) {
            return;
        }
        final VersionedState s;
        final String ep;
        synchronized (lock) {
            s = current;
            ep = epoch;
        }
        if (ep == null) {
            return;
        }
        dirty = false;
        final long t0 = System.nanoTime();
        try {
            new PersistedState(s.version(), ep, null, s.state()).writeTo(lastGoodFile);
        } catch (IOException e) {
            dirty = true;
            logger.warn("cannot write the last good routing state {}: {}", lastGoodFile, e.toString());
        }
        final long took = System.nanoTime() - t0;
        nextSaveNanos = t0 + Math.max(SAVE_INTERVAL.toNanos(), took * SAVE_GAP_FACTOR);
    }

    private static String json(Object o) {
        try {
            return Mappers.json().writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T parse(ObjectReader reader, String json) {
        try {
            return reader.readValue(json);
        } catch (IOException e) {
            throw new RedisException("unreadable routing state in Redis: " + e.getMessage());
        }
    }
}
