package io.shopset.gateway.policy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

import io.shopset.gateway.Ticker;
import io.shopset.gateway.metrics.ThrottleMeters;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.model.DefaultLimits;
import io.shopset.routing.model.Limits;

/**
 * Decides whether a request may go on, before any upstream is chosen, in this order: the client's
 * limit for this shop ({@code limits.client}), the client's limit across all shops
 * ({@code limits.clientTotal}), the shop's rate, and the shop's concurrency (a bulkhead of
 * {@code maxConcurrent} requests in flight). An allowlisted client skips the client limits; a shop
 * in shadow mode is counted as if limited and never refused.
 *
 * <p>Concurrency: called on every event loop at once. Client state is in one lock-free
 * {@link ClientRateTable}; shop state in one {@link ShopLimiter} per active shop (looked up with
 * {@code get} first, created with {@code putIfAbsent}, dropped by {@link #sweep()} when idle). No
 * locks, no I/O, no allocation on the common path.
 *
 * <p>Memory: the client table is fixed at creation ({@code clientSlots} × 16 bytes); shop limiters
 * exist only for shops with recent traffic.
 *
 * <p>Global shop limits (replicas sharing Redis, {@link #clusterView}): the shop's rate is then this
 * replica's part of the limit — its {@link ShopShare}, or {@code limit ÷ replicas} without one or in
 * fallback — and the burst shrinks in proportion: the bucket's depth in time stays
 * {@code burst ÷ limit}, so when a share grows what the bucket holds is not multiplied (under a flood
 * it holds less than one request at the old rate). The decision still reads only memory: the shares
 * are written by the sync thread.
 */
public final class TenantThrottle {

    /** The lowest local rate a share gives: one request per 1000 s. */
    static final double MIN_LOCAL_RATE = 0.001;

    private final ClientRateTable clients;
    private final ConcurrentHashMap<String, ShopLimiter> shops = new ConcurrentHashMap<>();
    private final Ticker ticker;
    /** Whether {@link #ticker} is {@link Ticker#SYSTEM}, so a caller's {@code System.nanoTime()} is its time. */
    private final boolean systemTicker;
    private final long epoch;
    private final ThrottleMeters meters;
    private final HeavyHitters heavyHitters;
    private volatile @Nullable ClusterView cluster;

    public TenantThrottle(int clientSlots, Ticker ticker, ThrottleMeters meters, HeavyHitters heavyHitters) {
        this.heavyHitters = heavyHitters;
        clients = new ClientRateTable(clientSlots);
        this.ticker = ticker;
        systemTicker = ticker == Ticker.SYSTEM;
        this.meters = meters;
        epoch = ticker.nanos() - 1;
    }

    /**
     * Checks one request now (the throttle's ticker read).
     *
     * @param clientKey   from {@link ClientIdentity#key(byte[])}
     * @param allowlisted whether the client is in {@code limits.allowList}
     * @param out         filled with the verdict; {@code out.scope() == null} means allowed. An allowed
     *                    request may hold a concurrency slot: give it back with {@link ThrottleResult#release()}
     * @return whether the request may go on
     */
    public boolean check(ShopRoute route, DefaultLimits defaults, long clientKey, boolean allowlisted,
                         ThrottleResult out) {
        return decide(route, defaults, clientKey, allowlisted, ticker.nanos(), out);
    }

    /**
     * As {@link #check(ShopRoute, DefaultLimits, long, boolean, ThrottleResult)}, at
     * {@code systemNanos}: a {@code System.nanoTime()} the caller has just read (the request's
     * start). On {@link Ticker#SYSTEM} that is the throttle's own time, and the decision saves a
     * clock read (about 24 ns here, a quarter of its budget: docs/performance.md); on any other
     * ticker (tests moving time by hand) the ticker is read as {@code check} without it does.
     */
    public boolean check(ShopRoute route, DefaultLimits defaults, long clientKey, boolean allowlisted,
                         long systemNanos, ThrottleResult out) {
        return decide(route, defaults, clientKey, allowlisted, systemTicker ? systemNanos : ticker.nanos(), out);
    }

    private boolean decide(ShopRoute route, DefaultLimits defaults, long clientKey, boolean allowlisted,
                           long tickerNanos, ThrottleResult out) {
        out.reset();
        heavyHitters.count(route.id());
        final long now = tickerNanos - epoch;
        final Limits shopLimits = route.limits();
        final boolean shadow = shopLimits.shadowEnabled();
        if (!allowlisted) {
            final Limits client = defaults.client();
            if (limited(clients.acquire(clientKey ^ route.hash(), now, interval(client), tolerance(client)),
                        ThrottleScope.CLIENT, client, shadow, out)) {
                return false;
            }
            final Limits total = defaults.clientTotal();
            if (limited(clients.acquire(clientKey, now, interval(total), tolerance(total)),
                        ThrottleScope.CLIENT_TOTAL, total, shadow, out)) {
                return false;
            }
        }
        final ShopLimiter shop = shop(route.id());
        final long shopInterval;
        final ClusterView cv = cluster;
        if (cv == null || shopLimits.requestsPerSecond() == null) {
            shopInterval = interval(shopLimits);
        } else {
            shop.countDemand();
            shopInterval = Gcra.interval(localRate(shopLimits.requestsPerSecond(), shop.share(), cv));
        }
        if (limited(shop.acquireRate(now, shopInterval, Math.max(tolerance(shopLimits), shopInterval)),
                    ThrottleScope.SHOP, shopLimits, shadow, out)) {
            return false;
        }
        final Integer max = shopLimits.maxConcurrent();
        if (max == null) {
            return true;
        }
        if (shop.tryEnter(max)) {
            out.slot = shop;
            return true;
        }
        if (shadow) {
            meters.shadow(ThrottleScope.SHOP_CONCURRENCY);
            return true;
        }
        meters.throttled(ThrottleScope.SHOP_CONCURRENCY);
        out.scope = ThrottleScope.SHOP_CONCURRENCY;
        out.waitNanos = 1_000_000_000L;
        out.limitPerSecond = max;
        return false;
    }

    private boolean limited(long wait, ThrottleScope scope, Limits limits, boolean shadow, ThrottleResult out) {
        if (wait == 0) {
            return false;
        }
        if (shadow) {
            meters.shadow(scope);
            return false;
        }
        meters.throttled(scope);
        out.scope = scope;
        out.waitNanos = wait;
        out.limitPerSecond = rate(limits);
        return true;
    }

    ShopLimiter shop(String id) {
        final ShopLimiter s = shops.get(id);
        if (s != null) {
            return s;
        }
        final ShopLimiter fresh = new ShopLimiter();
        final ShopLimiter raced = shops.putIfAbsent(id, fresh);
        return raced != null ? raced : fresh;
    }

    /** This replica's requests per second of a shop limited to {@code limit} across the replicas. */
    static double localRate(double limit, @Nullable ShopShare share, ClusterView cv) {
        final double rate = cv.fallback() || share == null ? limit / cv.replicas() : share.localRate(limit);
        // A share of nothing still lets one request through now and then (and keeps the GCRA in range).
        return Math.max(rate, MIN_LOCAL_RATE);
    }

    /**
     * Turns global shop limits on (or updates what is known of the other replicas). Called by the
     * sync thread; {@code null} (the default) means limits per replica only.
     */
    public void clusterView(@Nullable ClusterView view) {
        cluster = view;
    }

    /** The current view of the other replicas, or {@code null} with limits per replica only. */
    public @Nullable ClusterView clusterView() {
        return cluster;
    }

    /** Runs {@code action} on every shop limiter now (the sync thread; limiters come and go meanwhile). */
    public void forEachShop(BiConsumer<String, ShopLimiter> action) {
        shops.forEach(action);
    }

    /** Drops the limiters of shops with nothing in flight and a full bucket. Control thread. */
    public void sweep() {
        final long now = ticker.nanos() - epoch;
        shops.values().removeIf(s -> s.idle(now));
    }

    /** Shops with a limiter now (for tests and metrics). */
    public int trackedShops() {
        return shops.size();
    }

    /** Client keys that found no slot in the table and shared the overflow bucket. */
    public long clientTableOverflows() {
        return clients.overflows();
    }

    private static double rate(Limits l) {
        return l.requestsPerSecond() == null ? Double.MAX_VALUE : l.requestsPerSecond();
    }

    private static long interval(Limits l) {
        return l.requestsPerSecond() == null ? 1 : Gcra.interval(l.requestsPerSecond());
    }

    private static long tolerance(Limits l) {
        if (l.requestsPerSecond() == null) {
            return Long.MAX_VALUE / 4;
        }
        final int burst = l.burst() != null ? l.burst() : (int) Math.max(1, Math.ceil(l.requestsPerSecond()));
        return interval(l) * burst;
    }
}
