package io.shopset.testkit;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * How one stub pod renders storefront pages (its default route): the {@link Latency} to wait and the
 * per-shop {@link TemplateCache} that makes a shop's first requests slower. The instant model (no
 * latency, no cache) answers at once, exactly as a stub without options always has.
 *
 * <p>Concurrency: {@link #time} runs on the stub's event loops; {@link #restartCold} on the thread
 * that restarts the pod. The cache reference is volatile and read once per request.
 */
final class StorefrontModel {

  /** {@code X-Template-Cache: cold|warm}, sent on pages only when the template cache is enabled. */
  static final String CACHE_HEADER = "X-Template-Cache";

  private final Latency latency;
  private final boolean instant;
  private final ColdCache coldCache;
  private final RandomGenerator random;
  private final LongSupplier ticker;
  private final LongAdder coldPages = new LongAdder();
  private final LongAdder pages = new LongAdder();
  private volatile TemplateCache cache;

  StorefrontModel(@Nullable Latency latency, ColdCache coldCache, RandomGenerator random,
      LongSupplier ticker) {
    this.latency = latency == null ? Latency.none() : latency;
    this.instant = latency == null && !coldCache.enabled();
    this.coldCache = coldCache;
    this.random = random;
    this.ticker = ticker;
    this.cache = new TemplateCache(coldCache, ticker);
  }

  /** Whether pages are answered at once, with no cache header (the stub's original behaviour). */
  boolean isInstant() {
    return instant;
  }

  boolean cacheEnabled() {
    return coldCache.enabled();
  }

  /** Samples the latency of one page request and consults the template cache. */
  PageTiming time(HttpRequest request) {
    pages.increment();
    long nanos = latency.sampleNanos(random);
    if (!coldCache.enabled()) {
      return new PageTiming(nanos, false);
    }
    String key = request.headers().get("X-Shop-Id");
    if (key == null) {
      key = request.headers().get(HttpHeaderNames.HOST, "");
    }
    boolean cold = cache.requestIsCold(key);
    if (cold) {
      coldPages.increment();
      nanos += Math.round(nanos * coldCache.penalty());
    }
    return new PageTiming(nanos, cold);
  }

  /** Forgets every warm shop: the pod restarted. */
  void restartCold() {
    cache = new TemplateCache(coldCache, ticker);
  }

  long pagesServed() {
    return pages.sum();
  }

  long coldPagesServed() {
    return coldPages.sum();
  }

  int shopsSeen() {
    return cache.shopsSeen();
  }

  /**
   * @param delayNanos how long to wait before answering
   * @param cold whether the shop's templates were cold on this pod
   */
  record PageTiming(long delayNanos, boolean cold) {}
}
