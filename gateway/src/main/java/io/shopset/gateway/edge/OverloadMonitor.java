package io.shopset.gateway.edge;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import io.shopset.routing.config.OverloadSettings;

/**
 * Tells whether the process is overloaded: the heap or Netty's direct memory is in use at or above
 * its threshold ({@code overload.heapPercent}, {@code overload.directMemoryPercent}). It is sampled
 * on a timer; it stays overloaded until both are below 90% of their thresholds (hysteresis, so it
 * does not flap). Listeners read {@link #overloaded()} (one volatile read) for each new request.
 *
 * <p>Heap in use: every heap pool but the young generation's eden (whose garbage a young collection
 * frees at once), so that it reflects what survives collections. Direct memory: Netty's own count
 * of the direct memory it allocated (every allocator), else the pooled allocator's.
 *
 * <p>Concurrency: {@link #sample()} runs on one thread (the listener's event loop); the state is a
 * volatile boolean read from any.
 */
public final class OverloadMonitor {

    /** How often it samples. */
    public static final long INTERVAL_MILLIS = 100;
    /** Below this fraction of both thresholds, an overload ends. */
    static final double RECOVERY = 0.9;

    private static final Logger logger = LoggerFactory.getLogger(OverloadMonitor.class);

    private final LongSupplier heapUsed;
    private final long heapMax;
    private final LongSupplier directUsed;
    private final long directMax;
    private final double heapLimit;
    private final double directLimit;
    private volatile boolean overloaded;

    /**
     * @param heapUsed   bytes of heap in use
     * @param heapMax    the heap's maximum in bytes
     * @param directUsed bytes of direct memory in use
     * @param directMax  the direct memory's maximum in bytes
     */
    public OverloadMonitor(OverloadSettings settings, LongSupplier heapUsed, long heapMax, LongSupplier directUsed,
                           long directMax) {
        this.heapUsed = heapUsed;
        this.heapMax = heapMax;
        this.directUsed = directUsed;
        this.directMax = directMax;
        heapLimit = settings.heapPercent() / 100.0 * heapMax;
        directLimit = settings.directMemoryPercent() / 100.0 * directMax;
    }

    /** A monitor of this JVM's heap and Netty's direct memory. */
    public static OverloadMonitor ofRuntime(OverloadSettings settings) {
        final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && !p.getName().toLowerCase(java.util.Locale.ROOT).contains("eden"))
                .toList();
        final LongSupplier heap = () -> {
            long used = 0;
            for (MemoryPoolMXBean p : pools) {
                used += p.getUsage().getUsed();
            }
            return used;
        };
        final LongSupplier direct = PlatformDependent.usedDirectMemory() >= 0
                ? PlatformDependent::usedDirectMemory
                : () -> PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
        return new OverloadMonitor(settings, heap, Runtime.getRuntime().maxMemory(), direct,
                                   PlatformDependent.maxDirectMemory());
    }

    /** Whether new work is refused now. */
    public boolean overloaded() {
        return overloaded;
    }

    /**
     * Samples memory and updates the state.
     *
     * @return whether the state changed
     */
    public boolean sample() {
        final long heap = heapUsed.getAsLong();
        final long direct = directUsed.getAsLong();
        final boolean was = overloaded;
        final boolean now = was
                ? heap >= heapLimit * RECOVERY || direct >= directLimit * RECOVERY
                : heap >= heapLimit || direct >= directLimit;
        if (now == was) {
            return false;
        }
        overloaded = now;
        if (now) {
            logger.warn("overloaded: heap {} MB of {} MB, direct memory {} MB of {} MB; shedding new connections and requests",
                        heap >> 20, heapMax >> 20, direct >> 20, directMax >> 20);
        } else {
            logger.info("overload over: heap {} MB, direct memory {} MB", heap >> 20, direct >> 20);
        }
        return true;
    }
}
