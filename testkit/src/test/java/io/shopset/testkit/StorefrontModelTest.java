package io.shopset.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Latency distributions, the cold-cache penalty and the template cache's warm-up, on injected time. */
class StorefrontModelTest {

  private final AtomicLong ticker = new AtomicLong();

  @Test
  void logNormalHasTheRequestedMedianAndP99() {
    Latency latency = Latency.logNormal(Duration.ofMillis(10), Duration.ofMillis(50));
    Random random = new Random(7);
    long[] samples = new long[200_000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = latency.sampleNanos(random);
    }
    Arrays.sort(samples);

    assertThat(samples[samples.length / 2] / 1e6).isCloseTo(10.0, withPercentage(3));
    assertThat(samples[(int) (samples.length * 0.99)] / 1e6)
        .isCloseTo(50.0, withPercentage(5));
    assertThat(samples[0]).isPositive();
    assertThat(samples[samples.length - 1]).isLessThanOrEqualTo(Duration.ofMillis(500).toNanos());
  }

  @Test
  void fixedAndUniformStayInRange() {
    Random random = new Random(1);
    assertThat(Latency.fixed(Duration.ofMillis(3)).sampleNanos(random)).isEqualTo(3_000_000);
    assertThat(Latency.none().sampleNanos(random)).isZero();
    Latency uniform = Latency.uniform(Duration.ofMillis(1), Duration.ofMillis(2));
    for (int i = 0; i < 1_000; i++) {
      assertThat(uniform.sampleNanos(random)).isBetween(1_000_000L, 2_000_000L);
    }
  }

  @Test
  void latencyFactoriesRejectBadValues() {
    assertThatThrownBy(() -> Latency.logNormal(Duration.ZERO, Duration.ofMillis(1)))
        .hasMessage("median: PT0S (expected: > 0)");
    assertThatThrownBy(() -> Latency.logNormal(Duration.ofMillis(5), Duration.ofMillis(1)))
        .hasMessageContaining("p99: PT0.001S (expected: >= median");
    assertThatThrownBy(() -> Latency.fixed(Duration.ofMillis(-1))).hasMessageContaining("expected: >= 0");
    assertThatThrownBy(() -> Latency.uniform(Duration.ofMillis(2), Duration.ofMillis(1)))
        .hasMessageContaining("expected: >= min");
  }

  @Test
  void coldPagesPayThePenaltyOnTheSampledLatency() {
    StorefrontModel model = model(Latency.fixed(Duration.ofMillis(100)), ColdCache.afterRequests(1));

    StorefrontModel.PageTiming first = model.time(page("a"));
    StorefrontModel.PageTiming second = model.time(page("a"));

    assertThat(first).isEqualTo(new StorefrontModel.PageTiming(125_000_000, true));
    assertThat(second).isEqualTo(new StorefrontModel.PageTiming(100_000_000, false));
    assertThat(ColdCache.afterRequests(1).penalty()).isEqualTo(ColdCache.DEFAULT_PENALTY);
  }

  @Test
  void timeBasedWarmUpFollowsTheTicker() {
    StorefrontModel model = model(Latency.fixed(Duration.ofMillis(10)),
        ColdCache.afterTime(0.5, Duration.ofSeconds(30)));

    assertThat(model.time(page("a")).cold()).isTrue();
    ticker.addAndGet(Duration.ofSeconds(29).toNanos());
    assertThat(model.time(page("a")).cold()).isTrue();
    assertThat(model.time(page("b")).cold()).isTrue();
    ticker.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(model.time(page("a")).cold()).isFalse();
    assertThat(model.time(page("b")).delayNanos()).isEqualTo(15_000_000);
  }

  @Test
  void restartForgetsWarmShops() {
    StorefrontModel model = model(Latency.fixed(Duration.ofMillis(1)), ColdCache.afterRequests(1));
    model.time(page("a"));
    assertThat(model.time(page("a")).cold()).isFalse();

    model.restartCold();

    assertThat(model.shopsSeen()).isZero();
    assertThat(model.time(page("a")).cold()).isTrue();
    assertThat(model.coldPagesServed()).isEqualTo(2);
    assertThat(model.pagesServed()).isEqualTo(3);
  }

  @Test
  void withoutOptionsTheModelIsInstant() {
    assertThat(new StorefrontModel(null, ColdCache.none(), new Random(), ticker::get).isInstant()).isTrue();
    assertThat(model(Latency.none(), ColdCache.none()).isInstant()).isFalse();
    assertThat(ColdCache.none().enabled()).isFalse();
  }

  @Test
  void coldCacheRejectsBadValues() {
    assertThatThrownBy(() -> ColdCache.afterRequests(-1)).hasMessage("warmAfterRequests: -1 (expected: >= 0)");
    assertThatThrownBy(() -> ColdCache.afterRequests(Double.NaN, 1)).hasMessageContaining("penalty: NaN");
    assertThatThrownBy(() -> ColdCache.afterTime(0.1, Duration.ofSeconds(-1)))
        .hasMessageContaining("warmAfter: PT-1S");
  }

  private StorefrontModel model(Latency latency, ColdCache cache) {
    return new StorefrontModel(latency, cache, new Random(3), ticker::get);
  }

  private static HttpRequest page(String shopId) {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
    request.headers().set("Host", shopId + ".shops.test").set("X-Shop-Id", shopId);
    return request;
  }
}
