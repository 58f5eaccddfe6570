/**
 * JMH microbenchmarks of the data path's hot steps (host lookup, throttle decision, endpoint pick)
 * and of the control path's snapshot build, plus {@link io.shopset.microbench.SnapshotFootprint}
 * for the snapshot's retained heap. Built into {@code microbench/target/benchmarks.jar}; never run
 * by the build. How to run them and the latest figures: {@code docs/performance.md}.
 */
@NullMarked
package io.shopset.microbench;

import org.jspecify.annotations.NullMarked;
