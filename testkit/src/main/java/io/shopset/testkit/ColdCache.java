package io.shopset.testkit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The per-shop template cache of a stub pod: a shop's first requests on a pod are slower, by
 * {@code penalty} times the sampled {@link Latency}, until the pod has warmed up for that shop.
 *
 * <p>A shop is warm on a pod once the pod has served it {@code warmAfterRequests} requests, or once
 * {@code warmAfter} has passed since the pod's first request for it, whichever comes first (a zero
 * value disables that criterion). The cache is keyed by the request's {@code X-Shop-Id} header (set by
 * the gateway), or its {@code Host} when that is absent. It lives as long as the pod: a restarted
 * pod starts cold. Only storefront pages (the stub's default route) use it.
 *
 * @param penalty extra latency of a cold request, as a fraction of the sampled latency ({@code 0.25}
 *     = +25%); {@code >= 0}
 * @param warmAfterRequests how many requests of a shop are cold on a pod; {@code >= 0}
 * @param warmAfter how long after its first request a shop stays cold on a pod; {@code >= 0}
 */
public record ColdCache(double penalty, int warmAfterRequests, Duration warmAfter) {

  /** The default penalty: a cold request takes 25% longer. */
  public static final double DEFAULT_PENALTY = 0.25;

  private static final ColdCache NONE = new ColdCache(0, 0, Duration.ZERO);

  /** Validates the values; messages name the value and the expectation. */
  public ColdCache {
    requireNonNull(warmAfter, "warmAfter");
    if (!(penalty >= 0) || Double.isInfinite(penalty)) {
      throw new IllegalArgumentException("penalty: " + penalty + " (expected: a finite value >= 0)");
    }
    if (warmAfterRequests < 0) {
      throw new IllegalArgumentException("warmAfterRequests: " + warmAfterRequests + " (expected: >= 0)");
    }
    if (warmAfter.isNegative()) {
      throw new IllegalArgumentException("warmAfter: " + warmAfter + " (expected: >= 0)");
    }
  }

  /** No template cache: every request is warm (the default). */
  public static ColdCache none() {
    return NONE;
  }

  /** The first {@code warmAfterRequests} requests of a shop on a pod pay {@code penalty}. */
  public static ColdCache afterRequests(double penalty, int warmAfterRequests) {
    return new ColdCache(penalty, warmAfterRequests, Duration.ZERO);
  }

  /** As {@link #afterRequests(double, int)} with the {@linkplain #DEFAULT_PENALTY default penalty}. */
  public static ColdCache afterRequests(int warmAfterRequests) {
    return afterRequests(DEFAULT_PENALTY, warmAfterRequests);
  }

  /** A shop's requests on a pod pay {@code penalty} for {@code warmAfter} after its first one there. */
  public static ColdCache afterTime(double penalty, Duration warmAfter) {
    return new ColdCache(penalty, 0, warmAfter);
  }

  /** Whether any request can be cold. */
  public boolean enabled() {
    return warmAfterRequests > 0 || !warmAfter.isZero();
  }
}
