package io.shopset.gateway.cluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.RedisException;
import io.shopset.gateway.Ticker;
import io.shopset.gateway.policy.HeavyHitters.ShopRate;
import io.shopset.routing.config.Mappers;

/**
 * The busiest shops across all replicas: once a second this replica publishes its own busiest
 * {@value #PUBLISHED} shops with their rates under its key in Redis (with a time to live of
 * {@link #TTL_MILLIS}) and reads every live replica's, in one script call ({@link ClusterKeys#TOP});
 * the rates of a shop are summed. {@link #top(int)} serves that merged list from memory; when it is
 * older than {@link #STALE_NANOS} (Redis away) it serves this replica's own view instead.
 *
 * <p>A shop in one replica's list but below another's top {@value #PUBLISHED} misses that replica's
 * part, at most the smallest rate that replica published.
 *
 * <p>{@link #publish()} runs on the sync thread; {@link #top(int)} on any thread.
 */
final class ClusterTopShops {

    static final int PUBLISHED = 1000;
    static final long TTL_MILLIS = 5000;
    static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(3);

    private static final Logger logger = LoggerFactory.getLogger(ClusterTopShops.class);
    private static final ObjectWriter WRITER = Mappers.json().writerFor(Mappers.json().getTypeFactory()
            .constructCollectionType(List.class, ShopRate.class));
    private static final ObjectReader READER = Mappers.json().readerForListOf(ShopRate.class);

    private final RedisLink redis;
    private final ClusterKeys keys;
    private final String replicaId;
    private final IntFunction<List<ShopRate>> local;
    private final Ticker ticker;
    private volatile Merged merged;

    private record Merged(List<ShopRate> top, long at) {
    }

    /** @param local this replica's {@code n} busiest shops, busiest first */
    ClusterTopShops(RedisLink redis, ClusterKeys keys, String replicaId, IntFunction<List<ShopRate>> local,
                    Ticker ticker) {
        this.redis = redis;
        this.keys = keys;
        this.replicaId = replicaId;
        this.local = local;
        this.ticker = ticker;
        merged = new Merged(List.of(), ticker.nanos() - STALE_NANOS - 1);
    }

    /** Publishes this replica's list and merges every live replica's. Returns whether Redis answered. */
    boolean publish() {
        final String json;
        try {
            json = WRITER.writeValueAsString(local.apply(PUBLISHED));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        final List<Object> reply;
        try {
            reply = redis.eval(ClusterKeys.TOP, new String[] { keys.replicas, keys.top(replicaId) },
                               keys.topPrefix, replicaId, json, Long.toString(TTL_MILLIS),
                               Long.toString(ShopRateSync.HEARTBEAT_MILLIS));
        } catch (RedisException e) {
            logger.debug("top shops: Redis failed ({}); serving this replica's", e.getMessage());
            return false;
        }
        final Map<String, Double> sum = new HashMap<>();
        for (Object o : reply) {
            try {
                final List<ShopRate> rates = READER.readValue((String) o);
                for (ShopRate r : rates) {
                    sum.merge(r.shop(), r.requestsPerSecond(), Double::sum);
                }
            } catch (IOException | ClassCastException e) {
                logger.debug("top shops: skipping an unreadable list: {}", e.getMessage());
            }
        }
        final List<ShopRate> top = new ArrayList<>(sum.size());
        sum.forEach((shop, rate) -> top.add(new ShopRate(shop, rate)));
        top.sort((a, b) -> a.requestsPerSecond() != b.requestsPerSecond()
                ? Double.compare(b.requestsPerSecond(), a.requestsPerSecond()) : a.shop().compareTo(b.shop()));
        merged = new Merged(List.copyOf(top), ticker.nanos());
        return true;
    }

    /** The {@code n} busiest shops of all replicas (or of this one, while Redis is away), busiest first. */
    List<ShopRate> top(int n) {
        final Merged m = merged;
        if (ticker.nanos() - m.at() > STALE_NANOS) {
            return local.apply(n);
        }
        return m.top().subList(0, Math.min(n, m.top().size()));
    }
}
