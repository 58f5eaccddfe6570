package io.shopset.testkit;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/** Runs a GC and waits until the JVM has enqueued the weak references it cleared. */
final class GarbageCollection {

  private GarbageCollection() {}

  /**
   * Requests a GC and waits (at most {@code maxWaitMillis}) for a sentinel weak reference to be
   * enqueued; references cleared by the same GC are enqueued by then, or very shortly after.
   */
  static void collect(long maxWaitMillis) {
    ReferenceQueue<Object> queue = new ReferenceQueue<>();
    WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
    System.gc();
    try {
      queue.remove(maxWaitMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Reference.reachabilityFence(sentinel);
  }
}
