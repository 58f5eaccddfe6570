package io.shopset.gateway.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.RedisException;
import io.shopset.gateway.Ticker;
import io.shopset.gateway.metrics.RateLimitMeters;
import io.shopset.gateway.policy.ClusterView;
import io.shopset.gateway.policy.ShopLimiter;
import io.shopset.gateway.policy.ShopShare;
import io.shopset.gateway.policy.TenantThrottle;
import io.shopset.routing.model.Limits;

/**
 * One replica's side of the global shop limits: every {@code syncInterval} it measures each shop's
 * demand here (requests reaching the shop's rate check per second, smoothed with a time constant of
 * {@link #TAU_SECONDS}), reports it to Redis and reads back every replica's, in one script call per
 * batch ({@link ClusterKeys#SYNC}); from that it sets each shop's {@link ShopShare}, which the event
 * loops read. The heartbeat rides along, so the replica count is known.
 *
 * <p>Only shops with traffic here are reported. A shop near its limit (its global demand at least
 * half of it, or this replica's demand at least half of {@code limit ÷ replicas}) is reported on every
 * sync; others every {@link #RELAXED_NANOS}, which keeps Redis's work proportional to the shops that
 * matter. A shop that went quiet withdraws its report once.
 *
 * <p>When syncs have failed (Redis unreachable, an error, or slower than the timeout) for twice
 * {@code rateLimit.timeout} since the last good one, the replica falls back to
 * {@code limit ÷ replicas} for every shop, with the replica count of the last good sync, and counts
 * it once; until then the last shares stay (one slow sync is no outage). The next good sync ends
 * the fallback and reports every shop at once. Nothing here ever throws into the data path: the
 * event loops only read the shares and the {@link ClusterView}.
 *
 * <p>Confined to the sync thread.
 */
final class ShopRateSync {

    /** The smoothing time constant of each shop's demand. */
    static final double TAU_SECONDS = 0.5;
    /** A shop's demand here below this (requests per second), with no new request, withdraws its report. */
    static final double QUIET = 0.05;
    /** How often a shop far from its limit is reported. */
    static final long RELAXED_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** A report older than this no longer counts (a replica that stopped, a shop that went quiet). */
    static final long FRESH_MILLIS = 1000;
    /** A heartbeat older than this no longer counts as a live replica. */
    static final long HEARTBEAT_MILLIS = 3000;
    /** Shops per script call. */
    static final int MAX_BATCH = 500;

    private static final Logger logger = LoggerFactory.getLogger(ShopRateSync.class);

    private final RedisLink redis;
    private final ClusterKeys keys;
    private final String replicaId;
    private final TenantThrottle throttle;
    private final Function<String, @Nullable Limits> limits;
    private final Ticker ticker;
    private final RateLimitMeters meters;
    private final long fallbackAfterNanos;
    private final Map<String, Tracked> tracked = new HashMap<>();
    private long lastTick;
    private long lastGood;
    private long tickNumber;
    private int replicas;
    private boolean fallback;
    private boolean reportAll = true;

    /** One shop's demand here as the sync thread follows it. */
    private static final class Tracked {
        ShopLimiter limiter;
        long lastDemand;
        double rate;
        boolean reported;
        long reportedAt;
        double globalDemand;
        long seen;

        Tracked(ShopLimiter limiter) {
            this.limiter = limiter;
        }
    }

    /** One shop's line in a sync: its id and the demand reported (0: withdrawn). */
    private record Report(String shop, @Nullable Tracked tracked, double demand) {
    }

    /**
     * @param limits          a shop's current limits (from the routing table), {@code null} for a shop gone
     * @param fallbackAfter   how long syncs may fail before the fallback (twice {@code rateLimit.timeout})
     * @param initialReplicas the replica count assumed until a sync tells ({@code rateLimit.fallbackReplicas})
     */
    ShopRateSync(RedisLink redis, ClusterKeys keys, String replicaId, TenantThrottle throttle,
                 Function<String, @Nullable Limits> limits, Ticker ticker, RateLimitMeters meters,
                 Duration fallbackAfter, int initialReplicas) {
        this.redis = redis;
        this.keys = keys;
        this.replicaId = replicaId;
        this.throttle = throttle;
        this.limits = limits;
        this.ticker = ticker;
        this.meters = meters;
        fallbackAfterNanos = fallbackAfter.toNanos();
        replicas = initialReplicas;
        lastTick = ticker.nanos();
        lastGood = lastTick - fallbackAfterNanos;
        throttle.clusterView(new ClusterView(false, replicas));
    }

    /** One sync. Returns whether Redis answered. */
    boolean tick() {
        final long now = ticker.nanos();
        final double dt = Math.max(1e-6, (now - lastTick) / 1e9);
        lastTick = now;
        final long stamp = ++tickNumber;
        final double alpha = 1 - Math.exp(-dt / TAU_SECONDS);
        final List<Report> reports = new ArrayList<>();
        throttle.forEachShop((shop, limiter) -> {
            Tracked t = tracked.get(shop);
            if (t == null) {
                t = new Tracked(limiter);
                tracked.put(shop, t);
            } else if (t.limiter != limiter) {
                // The limiter was dropped while idle and made again: its count starts over.
                t.limiter = limiter;
                t.lastDemand = 0;
            }
            t.seen = stamp;
            final long demand = limiter.demand();
            final long delta = Math.max(0, demand - t.lastDemand);
            t.lastDemand = demand;
            final double instant = delta / dt;
            t.rate += alpha * (instant - t.rate);
            final Limits l = limits.apply(shop);
            if (l == null || l.requestsPerSecond() == null || t.rate < QUIET && delta == 0) {
                limiter.share(null);
                if (t.reported) {
                    reports.add(new Report(shop, t, 0));
                }
                return;
            }
            final double limit = l.requestsPerSecond();
            final boolean tight = t.globalDemand >= limit / 2 || Math.max(instant, t.rate) >= limit / (2.0 * replicas);
            if (reportAll || tight || now - t.reportedAt >= RELAXED_NANOS) {
                reports.add(new Report(shop, t, Math.max(0.001, round(t.rate))));
            }
        });
        for (Iterator<Map.Entry<String, Tracked>> it = tracked.entrySet().iterator(); it.hasNext(); ) {
            final Map.Entry<String, Tracked> e = it.next();
            if (e.getValue().seen != stamp) {
                it.remove();
                if (e.getValue().reported) {
                    reports.add(new Report(e.getKey(), null, 0));
                }
            }
        }
        try {
            int from = 0;
            do {
                final int to = Math.min(reports.size(), from + MAX_BATCH);
                sync(reports.subList(from, to), now);
                from = to;
            } while (from < reports.size());
        } catch (RedisException e) {
            reportAll = true;
            if (!fallback && now - lastGood < fallbackAfterNanos) {
                logger.debug("global rate limits: a sync failed ({}); keeping the shares for now", e.getMessage());
                return false;
            }
            if (!fallback) {
                fallback = true;
                meters.fallback();
                logger.warn("global rate limits: Redis {} failed ({}); each shop gets limit / {} on this replica " +
                            "until it answers again", redis.uri(), e.getMessage(), replicas);
            }
            throttle.clusterView(new ClusterView(true, replicas));
            return false;
        }
        lastGood = now;
        if (fallback) {
            fallback = false;
            logger.info("global rate limits: Redis {} answers again; shares resume ({} replicas)", redis.uri(), replicas);
        }
        reportAll = false;
        throttle.clusterView(new ClusterView(false, replicas));
        return true;
    }

    private void sync(List<Report> batch, long now) {
        final String[] scriptKeys = new String[batch.size() + 1];
        final String[] args = new String[batch.size() + 4];
        scriptKeys[0] = keys.replicas;
        args[0] = replicaId;
        args[1] = Long.toString(HEARTBEAT_MILLIS);
        args[2] = Long.toString(2 * FRESH_MILLIS);
        args[3] = Long.toString(FRESH_MILLIS);
        for (int i = 0; i < batch.size(); i++) {
            scriptKeys[i + 1] = keys.demand(batch.get(i).shop());
            args[i + 4] = String.format(Locale.ROOT, "%.3f", batch.get(i).demand());
        }
        final List<Object> reply = redis.eval(ClusterKeys.SYNC, scriptKeys, args);
        replicas = (int) Math.max(1, (Long) reply.get(0));
        for (int i = 0; i < batch.size(); i++) {
            final Report r = batch.get(i);
            final Tracked t = r.tracked();
            if (t == null) {
                continue;
            }
            if (r.demand() == 0) {
                t.reported = false;
                t.globalDemand = 0;
                continue;
            }
            final double global = Double.parseDouble((String) reply.get(1 + 2 * i));
            final int active = (int) Math.max(1, (Long) reply.get(2 + 2 * i));
            t.reported = true;
            t.reportedAt = now;
            t.globalDemand = global;
            t.limiter.share(new ShopShare(r.demand(), Math.max(global, r.demand()), active));
        }
    }

    /** Whether the last sync failed (the replica enforces limit ÷ replicas on its own). */
    boolean fallback() {
        return fallback;
    }

    /** The live replicas at the last good sync (or the configured count before one). */
    int replicas() {
        return replicas;
    }

    /** Shops this replica follows now. */
    int trackedShops() {
        return tracked.size();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
