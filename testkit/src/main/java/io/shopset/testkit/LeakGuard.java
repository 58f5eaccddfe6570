package io.shopset.testkit;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that fails a test class when Netty reports a resource leak (typically a
 * {@code ByteBuf} that was never released).
 *
 * <p>Registered for automatic detection through {@code META-INF/services}, so every module with
 * the testkit on its test classpath and {@code junit.jupiter.extensions.autodetection.enabled=true}
 * is guarded. After each test class it runs the garbage collector and makes Netty's leak detectors
 * poll until no new reports appear, then fails with the reports. Run with
 * {@code -Dio.netty.leakDetection.level=paranoid} so that every buffer is tracked and the reports
 * say where the buffer was last touched. A leak found after a class may stem from an earlier one
 * whose garbage had not yet been collected.
 */
public final class LeakGuard implements BeforeAllCallback, AfterAllCallback {

  private static final int MAX_ROUNDS = 10;
  private static final int QUIET_ROUNDS = 2;
  private static final long GC_WAIT_MILLIS = 200;

  static {
    LeakDetectionInstaller.install();
  }

  /** Instantiated by JUnit. */
  public LeakGuard() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    LeakDetectionInstaller.install();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    failOnLeaks(context.getRequiredTestClass().getName());
  }

  /**
   * Collects garbage until the detectors stay quiet, then throws if any leak was reported (the
   * reports are consumed either way).
   */
  static void failOnLeaks(String scope) {
    List<LeakReport> leaks = detectLeaks();
    if (!leaks.isEmpty()) {
      throw new AssertionError(leaks.size() + " Netty resource leak(s) detected after " + scope
          + leaks.stream().map(LeakReport::toString).collect(Collectors.joining("\n\n", "\n", "")));
    }
  }

  /** Collects garbage until the detectors stay quiet; returns and forgets all reports so far. */
  static List<LeakReport> detectLeaks() {
    int quietRounds = 0;
    for (int round = 0; round < MAX_ROUNDS && quietRounds < QUIET_ROUNDS; round++) {
      int before = LeakRecorder.pending();
      GarbageCollection.collect(GC_WAIT_MILLIS);
      LeakRecorder.pollDetectors();
      quietRounds = LeakRecorder.pending() == before ? quietRounds + 1 : 0;
    }
    return LeakRecorder.drain();
  }
}
