package io.shopset.app;

import java.lang.management.ManagementFactory;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code jvm_threads_allocated_bytes_total}: the heap bytes every thread of the process has allocated
 * (the JVM's per-thread allocation counters, exact, not sampled). Its rate over the request rate is
 * the heap cost of a request; {@code bench/run.sh} reports it per proxied request.
 */
final class HeapAllocationMetrics implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)
            || !mx.isThreadAllocatedMemorySupported() || !mx.isThreadAllocatedMemoryEnabled()) {
            return;
        }
        FunctionCounter.builder("jvm.threads.allocated", mx, com.sun.management.ThreadMXBean::getTotalThreadAllocatedBytes)
                       .baseUnit("bytes")
                       .description("Heap bytes allocated by all threads of the process, live and ended")
                       .register(registry);
    }
}
