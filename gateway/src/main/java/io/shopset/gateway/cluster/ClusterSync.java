package io.shopset.gateway.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopset.gateway.Ticker;
import io.shopset.gateway.metrics.RateLimitMeters;
import io.shopset.gateway.policy.HeavyHitters.ShopRate;
import io.shopset.gateway.policy.TenantThrottle;
import io.shopset.routing.config.RateLimitSettings;
import io.shopset.routing.model.Limits;

/**
 * What this gateway replica shares with the others through Redis: the global shop limits
 * ({@link ShopRateSync}, every {@code rateLimit.syncInterval}) and the merged busiest shops
 * ({@link ClusterTopShops}, every second), both on one thread of their own,
 * {@code shopset-ratelimit-sync}, over one connection ({@link RedisLink}). No event loop ever waits
 * for Redis: they read what this thread last wrote.
 *
 * <p>The first sync runs before {@link #start} returns (after up to {@value #WARM_UP_SECONDS}s of
 * trying to reach Redis), so the replica count is known before the gateway serves. On close the replica leaves the heartbeat set, so
 * the others stop counting it at once.
 */
public final class ClusterSync implements AutoCloseable {

    private static final long TOP_PERIOD_MILLIS = 1000;
    /** How long a starting replica tries to reach Redis before its first sync (which may then fall back). */
    private static final int WARM_UP_SECONDS = 2;
    private static final Duration WARM_UP = Duration.ofSeconds(WARM_UP_SECONDS);
    private static final Logger logger = LoggerFactory.getLogger(ClusterSync.class);

    private final RedisLink redis;
    private final ClusterKeys keys = new ClusterKeys(ClusterKeys.PREFIX);
    private final String replicaId;
    private final ShopRateSync rates;
    private final ClusterTopShops top;
    private final RateLimitMeters meters;
    private final ScheduledThreadPoolExecutor thread;
    private volatile boolean fallback;
    private volatile int replicas;

    private ClusterSync(String uri, RateLimitSettings settings, TenantThrottle throttle,
                        Function<String, @Nullable Limits> limits, IntFunction<List<ShopRate>> localTop, Ticker ticker,
                        MeterRegistry registry) {
        replicaId = newReplicaId();
        redis = new RedisLink(uri, settings.timeout());
        replicas = settings.fallbackReplicas();
        meters = new RateLimitMeters(registry, () -> fallback ? 1 : 0, () -> replicas);
        rates = new ShopRateSync(redis, keys, replicaId, throttle, limits, ticker, meters, settings.timeout().multipliedBy(2),
                                 settings.fallbackReplicas());
        top = new ClusterTopShops(redis, keys, replicaId, localTop, ticker);
        thread = new ScheduledThreadPoolExecutor(1, r -> {
            final Thread t = new Thread(r, "shopset-ratelimit-sync");
            t.setDaemon(true);
            return t;
        });
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        thread.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    /**
     * Connects to {@code uri} (a replica that cannot falls back at once and keeps trying), syncs once
     * and starts the periodic syncs.
     *
     * @param limits   a shop's limits now (from the routing table), {@code null} for an unknown shop
     * @param localTop this replica's {@code n} busiest shops
     */
    public static ClusterSync start(String uri, RateLimitSettings settings, TenantThrottle throttle,
                                    Function<String, @Nullable Limits> limits, IntFunction<List<ShopRate>> localTop,
                                    Ticker ticker, MeterRegistry registry) {
        final ClusterSync s = new ClusterSync(uri, settings, throttle, limits, localTop, ticker, registry);
        try {
            s.thread.submit(() -> {
                s.redis.warmUp(WARM_UP);
                s.syncRates();
            }).get(WARM_UP.toMillis() + settings.timeout().toMillis() * 4 + 2000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            logger.warn("global rate limits: the first sync with Redis {} did not finish: {}", uri, e.toString());
        }
        final long every = settings.syncInterval().toNanos();
        s.thread.scheduleWithFixedDelay(s::syncRates, every, every, TimeUnit.NANOSECONDS);
        s.thread.scheduleWithFixedDelay(s::publishTop, 0, TOP_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        logger.info("global rate limits through Redis {} as replica {} ({} replicas{})", uri, s.replicaId, s.replicas,
                    s.fallback ? ", in fallback until Redis answers" : "");
        return s;
    }

    /** The busiest shops of every replica, merged; this replica's own while Redis is away. */
    public List<ShopRate> topShops(int n) {
        return top.top(n);
    }

    /** Whether this replica enforces limit ÷ replicas on its own now (Redis slow or down). */
    public boolean fallback() {
        return fallback;
    }

    /** The live replicas known from Redis's heartbeats (kept from the last good sync). */
    public int replicas() {
        return replicas;
    }

    /** Times this replica fell back so far ({@code shopset_ratelimit_fallback_total}). */
    public double fallbacks() {
        return meters.fallbacks();
    }

    /** This replica's id in Redis. */
    public String replicaId() {
        return replicaId;
    }

    private void syncRates() {
        try {
            rates.tick();
        } catch (RuntimeException e) {
            // Never let a surprise end the periodic task: the limits would freeze.
            logger.error("global rate limits: sync failed", e);
        }
        fallback = rates.fallback();
        replicas = rates.replicas();
    }

    private void publishTop() {
        try {
            top.publish();
        } catch (RuntimeException e) {
            logger.error("top shops: publishing failed", e);
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(2, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            // Leave at once rather than when the heartbeat ages out; best effort, never a new connection.
            final var r = redis.ifConnected();
            if (r != null) {
                r.zrem(keys.replicas, replicaId);
                r.del(keys.top(replicaId));
            }
        } catch (RedisException e) {
            logger.debug("global rate limits: could not leave the replica set: {}", e.getMessage());
        }
        redis.close();
    }

    private static String newReplicaId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "gateway";
        }
        return host + '-' + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffff_ffffL);
    }
}
