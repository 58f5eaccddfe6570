package io.shopset.routing.store.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

/**
 * How every Redis user of the gateway connects (the routing store, the global rate limits): a Lettuce
 * client with its own small I/O threads, an explicit command and connect timeout (Lettuce's default of
 * 60s is far too long for either), automatic reconnection (50 ms, doubling up to 1 s), and commands
 * that fail at once while disconnected instead of queueing.
 *
 * @param resources the client's own I/O and computation threads
 * @param client    the client; {@link #close()} shuts both down
 */
public record RedisClients(ClientResources resources, RedisClient client) implements AutoCloseable {

    /** The longest pause between reconnection attempts. */
    public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    /** A client of {@code uri} whose commands and connects time out after {@code timeout}. */
    public static RedisClients create(RedisURI uri, Duration timeout, int ioThreads) {
        return create(uri, timeout, timeout, ioThreads);
    }

    /** A client of {@code uri} whose commands time out after {@code timeout}, connects after {@code connectTimeout}. */
    public static RedisClients create(RedisURI uri, Duration timeout, Duration connectTimeout, int ioThreads) {
        uri.setTimeout(timeout);
        final ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(ioThreads).computationThreadPoolSize(1)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        final RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build())
                .build());
        return new RedisClients(resources, client);
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
