package io.shopset.testkit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * One pod incarnation's per-shop template cache (see {@link ColdCache}): answers whether a request
 * for a shop is cold, counting it. A restarted pod gets a new, empty instance.
 *
 * <p>Concurrency: called on the stub's event loops (several when the group is shared). The map is
 * read with {@code get} first and written with {@code putIfAbsent} only for a new shop; the per-shop
 * counter is atomic. It grows by one entry per distinct shop key, which the load tests bound (a few
 * thousand shops).
 */
final class TemplateCache {

  private final ColdCache settings;
  private final LongSupplier ticker;
  private final ConcurrentHashMap<String, Entry> shops = new ConcurrentHashMap<>();

  TemplateCache(ColdCache settings, LongSupplier ticker) {
    this.settings = settings;
    this.ticker = ticker;
  }

  /** Records a request for {@code shopKey}; returns whether it was served cold. */
  boolean requestIsCold(String shopKey) {
    long now = ticker.getAsLong();
    Entry entry = shops.get(shopKey);
    if (entry == null) {
      Entry fresh = new Entry(now);
      Entry raced = shops.putIfAbsent(shopKey, fresh);
      entry = raced == null ? fresh : raced;
    }
    int nth = entry.requests.incrementAndGet();
    boolean byCount = settings.warmAfterRequests() > 0;
    boolean byTime = !settings.warmAfter().isZero();
    // Warm as soon as either enabled criterion is met.
    boolean warmByCount = byCount && nth > settings.warmAfterRequests();
    boolean warmByTime = byTime && now - entry.firstNanos >= settings.warmAfter().toNanos();
    return (byCount || byTime) && !warmByCount && !warmByTime;
  }

  /** How many shops this pod has seen since it (re)started. */
  int shopsSeen() {
    return shops.size();
  }

  private static final class Entry {
    final long firstNanos;
    final AtomicInteger requests = new AtomicInteger();

    Entry(long firstNanos) {
      this.firstNanos = firstNanos;
    }
  }
}
