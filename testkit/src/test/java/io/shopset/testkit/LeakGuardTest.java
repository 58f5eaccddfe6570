package io.shopset.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proves that {@link LeakGuard} sees real leaks. The deliberate leaks are consumed by the test
 * itself, so they never reach the guard's own {@code afterAll}; reports that were already pending
 * (from other classes) are set aside and put back, so they still fail the build.
 */
class LeakGuardTest {

  private static final Map<String, Supplier<ByteBufAllocator>> ALLOCATORS = Map.of(
      "unpooled", () -> UnpooledByteBufAllocator.DEFAULT,
      "pooled", () -> PooledByteBufAllocator.DEFAULT,
      "adaptive", AdaptiveByteBufAllocator::new,
      "default", () -> ByteBufAllocator.DEFAULT);

  private ResourceLeakDetector.Level previousLevel;
  private List<LeakReport> setAside;

  @BeforeEach
  void setUp() {
    previousLevel = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    setAside = LeakGuard.detectLeaks();
  }

  @AfterEach
  void tearDown() {
    ResourceLeakDetector.setLevel(previousLevel);
    setAside.forEach(LeakRecorder::requeue);
  }

  @ParameterizedTest
  @ValueSource(strings = {"unpooled", "pooled", "adaptive", "default"})
  void detectsALeakedBuffer(String allocator) {
    String marker = "deliberate-leak-" + allocator + "-" + System.nanoTime();

    leakDirectBuffer(ALLOCATORS.get(allocator).get(), marker);
    List<LeakReport> leaks = LeakGuard.detectLeaks();

    assertThat(leaks).anySatisfy(leak -> {
      assertThat(leak.resourceType()).isEqualTo("ByteBuf");
      assertThat(leak.records()).contains(marker, "LeakGuardTest.leakDirectBuffer");
    });
  }

  @Test
  void detectsALeakedHeapBuffer() {
    String marker = "deliberate-heap-leak-" + System.nanoTime();

    leakHeapBuffer(marker);

    assertThat(LeakGuard.detectLeaks()).anySatisfy(leak -> assertThat(leak.records()).contains(marker));
  }

  @Test
  void failOnLeaksThrowsWithTheRecords() {
    String marker = "deliberate-failing-leak-" + System.nanoTime();

    leakDirectBuffer(PooledByteBufAllocator.DEFAULT, marker);

    assertThatThrownBy(() -> LeakGuard.failOnLeaks("LeakGuardTest"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Netty resource leak(s) detected after LeakGuardTest")
        .hasMessageContaining(marker);
    assertThatCode(() -> LeakGuard.failOnLeaks("LeakGuardTest")).doesNotThrowAnyException();
  }

  @Test
  void releasedBuffersAreNotReported() {
    for (ByteBufAllocator allocator : List.of(UnpooledByteBufAllocator.DEFAULT,
        PooledByteBufAllocator.DEFAULT, ByteBufAllocator.DEFAULT)) {
      ByteBuf buf = allocator.directBuffer(64).writeLong(7);
      buf.release();
    }

    assertThatCode(() -> LeakGuard.failOnLeaks("LeakGuardTest")).doesNotThrowAnyException();
  }

  @Test
  void byteBufDetectorRecordsForTheGuard() throws Exception {
    var field = io.netty.buffer.AbstractByteBuf.class.getDeclaredField("leakDetector");
    field.setAccessible(true);

    assertThat(field.get(null)).isInstanceOf(RecordingLeakDetector.class);
  }

  /** Allocates, touches and drops a buffer; once this frame is gone nothing references it. */
  private static void leakDirectBuffer(ByteBufAllocator allocator, String marker) {
    ByteBuf buf = allocator.directBuffer(128);
    buf.writeLong(42);
    buf.touch(marker);
  }

  /** Pooled: Netty does not leak-track unpooled heap buffers (the GC reclaims them anyway). */
  private static void leakHeapBuffer(String marker) {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.heapBuffer(128);
    buf.writeLong(42);
    buf.touch(marker);
  }
}
