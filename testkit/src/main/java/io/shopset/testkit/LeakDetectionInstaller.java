package io.shopset.testkit;

import io.netty.buffer.AbstractByteBuf;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.lang.reflect.Field;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes Netty's leak reports to {@link LeakRecorder}, once per JVM.
 *
 * <p>Netty creates the {@code ByteBuf} detector when {@link AbstractByteBuf} is initialized, so the
 * factory is installed as early as possible (JUnit instantiates auto-detected extensions before any
 * test runs). Should a detector already exist, a leak listener is attached to it instead.
 */
final class LeakDetectionInstaller {

  private static final Logger log = LoggerFactory.getLogger(LeakDetectionInstaller.class);
  private static boolean installed;

  private LeakDetectionInstaller() {}

  static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingLeakDetectorFactory());
    ResourceLeakDetector<?> byteBufDetector = byteBufDetector();
    if (byteBufDetector != null && !(byteBufDetector instanceof RecordingLeakDetector)) {
      log.warn("ByteBuf leak detector was created before LeakGuard; falling back to a leak listener");
      byteBufDetector.setLeakListener(LeakRecorder::record);
      LeakRecorder.register(byteBufDetector);
    }
  }

  /** Reads (and thereby creates) {@code AbstractByteBuf.leakDetector}. */
  private static @Nullable ResourceLeakDetector<?> byteBufDetector() {
    try {
      Field field = AbstractByteBuf.class.getDeclaredField("leakDetector");
      field.setAccessible(true);
      return (ResourceLeakDetector<?>) field.get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("cannot inspect Netty's ByteBuf leak detector; leaks may go unnoticed", e);
      return null;
    }
  }
}
