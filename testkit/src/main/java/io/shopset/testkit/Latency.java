package io.shopset.testkit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a stub pod takes to render a storefront page: a distribution sampled once per request.
 *
 * <p>The built-in distributions are {@link #none()}, {@link #fixed(Duration)},
 * {@link #uniform(Duration, Duration)} and {@link #logNormal(Duration, Duration)} (the usual shape of
 * service latency: most requests near the median, a long right tail). Any lambda works too.
 */
@FunctionalInterface
public interface Latency {

  /** The z-score of the 99th percentile of the standard normal distribution. */
  double Z_99 = 2.3263478740408408;

  /**
   * One sample, in nanoseconds ({@code >= 0}). Called on an event loop: must not block.
   *
   * @param random the stub's random source (thread-safe)
   */
  long sampleNanos(RandomGenerator random);

  /** No added latency: the stub answers at once (the default). */
  static Latency none() {
    return random -> 0;
  }

  /** Always {@code latency}. */
  static Latency fixed(Duration latency) {
    long nanos = nonNegativeNanos(latency, "latency");
    return random -> nanos;
  }

  /** Uniform in {@code [min, max]}. */
  static Latency uniform(Duration min, Duration max) {
    long lo = nonNegativeNanos(min, "min");
    long hi = nonNegativeNanos(max, "max");
    if (hi < lo) {
      throw new IllegalArgumentException("max: " + max + " (expected: >= min " + min + ")");
    }
    return random -> lo == hi ? lo : random.nextLong(lo, hi + 1);
  }

  /**
   * Log-normal with the given median and 99th percentile: {@code exp(mu + sigma * Z)} with
   * {@code mu = ln(median)} and {@code sigma = ln(p99 / median) / 2.326}. Samples are capped at
   * {@code 10 * p99} so that one unlucky draw cannot stall a run.
   *
   * @throws IllegalArgumentException when {@code median <= 0} or {@code p99 < median}
   */
  static Latency logNormal(Duration median, Duration p99) {
    long medianNanos = nonNegativeNanos(median, "median");
    long p99Nanos = nonNegativeNanos(p99, "p99");
    if (medianNanos == 0) {
      throw new IllegalArgumentException("median: " + median + " (expected: > 0)");
    }
    if (p99Nanos < medianNanos) {
      throw new IllegalArgumentException("p99: " + p99 + " (expected: >= median " + median + ")");
    }
    double mu = Math.log(medianNanos);
    double sigma = Math.log((double) p99Nanos / medianNanos) / Z_99;
    long cap = p99Nanos > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : p99Nanos * 10;
    return random -> Math.min(cap, Math.round(Math.exp(mu + sigma * random.nextGaussian())));
  }

  private static long nonNegativeNanos(Duration duration, String name) {
    requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + ": " + duration + " (expected: >= 0)");
    }
    return duration.toNanos();
  }
}
