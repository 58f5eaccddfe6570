package io.shopset.gateway.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.shopset.routing.store.redis.RedisClients;

/**
 * The sync thread's one connection to Redis ({@link RedisClients}: its own I/O thread, commands that
 * time out after {@code timeout} and fail at once while disconnected, reconnection by Lettuce). A
 * connection that could not be opened at all is tried again at most once a second. Scripts run by
 * digest ({@code EVALSHA}), and by text when Redis does not know them (after a restart).
 *
 * <p>Confined to one thread (the sync thread); every call may throw {@link RedisException}.
 */
final class RedisLink implements AutoCloseable {

    private static final long CONNECT_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Duration MIN_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final long WARM_UP_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final RedisClients clients;
    private final String uriText;
    private final Map<String, String> digests = new HashMap<>();
    private @Nullable StatefulRedisConnection<String, String> conn;
    private long nextConnect = System.nanoTime();

    RedisLink(String uri, Duration timeout) {
        uriText = uri;
        // Commands must be quick; opening a connection (a cold JVM, TLS one day) may take longer.
        clients = RedisClients.create(RedisURI.create(uri), timeout, max(timeout, MIN_CONNECT_TIMEOUT), 1);
    }

    /**
     * Tries to connect and get an answer for up to {@code within} (a starting replica: the first
     * connection and commands of a cold JVM can be slower than the sync timeout). Returns whether
     * Redis answered.
     */
    boolean warmUp(Duration within) {
        final long deadline = System.nanoTime() + within.toNanos();
        do {
            try {
                final RedisCommands<String, String> r = commands();
                r.ping();
                return true;
            } catch (RedisException e) {
                nextConnect = System.nanoTime();
                LockSupport.parkNanos(WARM_UP_PAUSE_NANOS);
            }
        } while (System.nanoTime() - deadline < 0);
        return false;
    }

    /** Runs {@code script} with {@code keys} and {@code args}; its reply as Lettuce decodes a multi-bulk. */
    List<Object> eval(String script, String[] keys, String... args) {
        final RedisCommands<String, String> r = commands();
        final String digest = digests.computeIfAbsent(script, r::digest);
        try {
            return r.evalsha(digest, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException e) {
            return r.eval(script, ScriptOutputType.MULTI, keys, args);
        }
    }

    /** The connection's commands, connecting first when there is no connection yet. */
    RedisCommands<String, String> commands() {
        StatefulRedisConnection<String, String> c = conn;
        if (c == null) {
            // I/O pacing, not behaviour under test: the wall clock is fine here.
            final long now = System.nanoTime();
            if (now - nextConnect < 0) {
                throw new RedisException("Redis " + uriText + " is unreachable (next attempt within 1s)");
            }
            nextConnect = now + CONNECT_RETRY_NANOS;
            c = clients.client().connect();
            conn = c;
        }
        return c.sync();
    }

    /** The connection's commands when a connection is open (it may be reconnecting), else {@code null}. */
    @Nullable RedisCommands<String, String> ifConnected() {
        final StatefulRedisConnection<String, String> c = conn;
        return c == null || !c.isOpen() ? null : c.sync();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    String uri() {
        return uriText;
    }

    @Override
    public void close() {
        final StatefulRedisConnection<String, String> c = conn;
        conn = null;
        if (c != null) {
            c.closeAsync();
        }
        clients.close();
    }
}
