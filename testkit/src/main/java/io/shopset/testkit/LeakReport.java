package io.shopset.testkit;

/**
 * One leak Netty's {@link io.netty.util.ResourceLeakDetector} reported.
 *
 * @param resourceType the leaked resource's type, e.g. {@code ByteBuf}
 * @param records the access records (empty unless the leak detection level is advanced or paranoid)
 */
record LeakReport(String resourceType, String records) {

  @Override
  public String toString() {
    return "LEAK: " + resourceType + ".release() was not called before it was garbage-collected."
        + (records.isEmpty()
            ? " Run with -Dio.netty.leakDetection.level=paranoid to see where it was accessed."
            : " Recent access records:" + records);
  }
}
