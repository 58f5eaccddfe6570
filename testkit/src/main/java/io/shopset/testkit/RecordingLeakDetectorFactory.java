package io.shopset.testkit;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;

/** Creates {@link RecordingLeakDetector}s for every resource type Netty tracks. */
final class RecordingLeakDetectorFactory extends ResourceLeakDetectorFactory {

  @Override
  @SuppressWarnings("deprecation")
  public <T> ResourceLeakDetector<T> newResourceLeakDetector(
      Class<T> resource, int samplingInterval, long maxActive) {
    return new RecordingLeakDetector<>(resource, samplingInterval);
  }

  @Override
  public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
    return new RecordingLeakDetector<>(resource, samplingInterval);
  }
}
