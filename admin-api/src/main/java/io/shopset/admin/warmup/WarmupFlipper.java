package io.shopset.admin.warmup;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shopset.admin.api.ApiException;
import io.shopset.admin.auth.Principal;
import io.shopset.admin.auth.Role;
import io.shopset.admin.change.ChangeService;
import io.shopset.admin.change.Outcome;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.model.Warmup;
import io.shopset.routing.place.Placements;
import io.shopset.routing.store.VersionedState;

/**
 * Ends warm-ups: when a shop's warm-up deadline has passed, isolates it on the dedicated ShopSet it
 * warmed — a store write through the {@link ChangeService} (compare-and-set, audited as
 * {@code who: warmup}, {@code what: isolate}), on a thread of its own ({@code shopset-warmup}),
 * never an event loop. The deadline is in the shop's stored document, so a warm-up survives a
 * restart and a shop whose deadline passed while no gateway ran flips at the first round. With
 * several replicas each may try; the compare-and-set lets one through and the others find the shop
 * already isolated. A warm-up whose target can no longer take the shop (gone, not dedicated,
 * draining) is dropped instead, and the shop stays where it is.
 */
public final class WarmupFlipper implements AutoCloseable {

    /** Who the audit log names for flips. */
    public static final Principal WHO = new Principal("warmup", Role.OPERATOR);

    private static final Logger logger = LoggerFactory.getLogger(WarmupFlipper.class);

    private final ChangeService changes;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "shopset-warmup");
        t.setDaemon(true);
        return t;
    });
    // The earliest deadline of the state version last scanned (only the flipper's thread touches these).
    private long scannedVersion = -1;
    private Instant earliest = Instant.MAX;

    public WarmupFlipper(ChangeService changes) {
        this.changes = requireNonNull(changes, "changes");
    }

    /** Checks for ended warm-ups every {@code every}. */
    public WarmupFlipper start(Duration every) {
        thread.scheduleWithFixedDelay(() -> {
            try {
                flipDue();
            } catch (RuntimeException e) {
                logger.error("ending warm-ups failed", e);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Isolates every shop whose warm-up has ended; returns their ids. */
    public synchronized List<String> flipDue() {
        final Instant now = changes.clock().instant();
        final VersionedState cur = changes.store().current();
        if (cur.version() == scannedVersion && now.isBefore(earliest)) {
            return List.of();
        }
        final List<String> due = new ArrayList<>();
        Instant next = Instant.MAX;
        for (Shop s : cur.state().shops()) {
            if (s.warmup() == null) {
                continue;
            }
            final Instant deadline = s.warmup().deadline();
            if (!now.isBefore(deadline)) {
                due.add(s.id());
            } else if (deadline.isBefore(next)) {
                next = deadline;
            }
        }
        scannedVersion = cur.version();
        earliest = next;
        final List<String> flipped = new ArrayList<>();
        for (String id : due) {
            try {
                if (changes.apply(WHO, current -> flip(current, id, now)).changed()) {
                    flipped.add(id);
                }
            } catch (ApiException e) {
                logger.warn("ending the warm-up of shop {} failed ({}); trying again", id, e.getMessage());
                scannedVersion = -1;
            }
        }
        return flipped;
    }

    private static Outcome flip(RoutingState current, String id, Instant now) {
        Shop shop = null;
        for (Shop s : current.shops()) {
            if (s.id().equals(id)) {
                shop = s;
                break;
            }
        }
        if (shop == null || shop.warmup() == null || now.isBefore(shop.warmup().deadline())) {
            return new Outcome(current, "isolate", "shop/" + id, null, null, null);
        }
        final Warmup w = shop.warmup();
        ShopSet target = null;
        for (ShopSet s : current.shopsets()) {
            if (s.name().equals(w.target())) {
                target = s;
            }
        }
        final Map<String, Object> after = new LinkedHashMap<>();
        final Shop next;
        if (target == null || !target.dedicated() || target.draining()
            || !target.configuration().equals(shop.configuration())) {
            next = shop.withWarmup(null);
            after.put("reason", "warm-up on " + w.target() + " ended, but it can no longer take the shop; " +
                                "the shop stays where it is");
        } else {
            next = shop.withWarmup(null).withPlacement(List.of(w.target()), Placements.of(shop, current));
            after.put("reason", "warm-up on " + w.target() + " ended at " + w.until());
        }
        after.put("shop", next);
        return new Outcome(with(current, next), "isolate", "shop/" + id, shop, after, "shops[" + id + ']');
    }

    private static RoutingState with(RoutingState state, Shop shop) {
        final List<Shop> shops = new ArrayList<>(state.shops().size());
        for (Shop s : state.shops()) {
            shops.add(s.id().equals(shop.id()) ? shop : s);
        }
        return new RoutingState(state.platformDomains(), state.replicas(), state.tiers(), state.failureDomains(),
                                state.shopsets(), shops, state.limits());
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
