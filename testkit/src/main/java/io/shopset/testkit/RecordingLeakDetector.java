package io.shopset.testkit;

import io.netty.util.ResourceLeakDetector;

/** A {@link ResourceLeakDetector} that also hands every leak it reports to {@link LeakRecorder}. */
final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

  @SuppressWarnings("this-escape")
  RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
    super(resourceType, samplingInterval);
    LeakRecorder.register(this);
  }

  /** Report even when Netty's logger has ERROR disabled (e.g. no logging backend). */
  @Override
  protected boolean needReport() {
    return true;
  }

  @Override
  protected void reportTracedLeak(String resourceType, String records) {
    LeakRecorder.record(resourceType, records);
    super.reportTracedLeak(resourceType, records);
  }

  @Override
  protected void reportUntracedLeak(String resourceType) {
    LeakRecorder.record(resourceType, "");
    super.reportUntracedLeak(resourceType);
  }
}
