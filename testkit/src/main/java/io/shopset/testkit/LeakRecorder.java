package io.shopset.testkit;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** JVM-wide sink for leak reports, plus the detectors that feed it. */
final class LeakRecorder {

  private static final ConcurrentLinkedQueue<LeakReport> REPORTS = new ConcurrentLinkedQueue<>();
  private static final Set<ResourceLeakDetector<?>> DETECTORS =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private LeakRecorder() {}

  static void record(String resourceType, String records) {
    REPORTS.add(new LeakReport(resourceType, records));
  }

  /** Puts back a report that was drained but not dealt with, so that the next check sees it. */
  static void requeue(LeakReport report) {
    REPORTS.add(report);
  }

  static void register(ResourceLeakDetector<?> detector) {
    DETECTORS.add(detector);
  }

  /** How many reports are waiting to be drained. */
  static int pending() {
    return REPORTS.size();
  }

  /** Removes and returns every waiting report. */
  static List<LeakReport> drain() {
    List<LeakReport> drained = new ArrayList<>();
    for (LeakReport report = REPORTS.poll(); report != null; report = REPORTS.poll()) {
      drained.add(report);
    }
    return drained;
  }

  /**
   * Makes every registered detector poll its reference queue now. A detector only reports
   * collected-but-unreleased resources when it tracks a new one, so this tracks (and immediately
   * closes) a probe object, which Netty's {@code trackForcibly} does regardless of sampling.
   */
  static void pollDetectors() {
    List<ResourceLeakDetector<?>> snapshot;
    synchronized (DETECTORS) {
      snapshot = new ArrayList<>(DETECTORS);
    }
    for (ResourceLeakDetector<?> detector : snapshot) {
      poll(detector);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void poll(ResourceLeakDetector detector) {
    Object probe = new Object();
    ResourceLeakTracker tracker = detector.trackForcibly(probe);
    if (tracker != null) {
      tracker.close(probe);
    }
  }
}
