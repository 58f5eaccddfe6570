package io.shopset.routing.config;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

/**
 * The {@code overload} section: shedding load before the process runs out of connections or memory.
 * While overloaded, the listeners stop accepting (new connections wait in the kernel's backlog) and
 * new requests on open connections get 503 with {@code Retry-After} and a close; it ends when usage
 * falls below 90% of the threshold.
 *
 * @param maxConnections      client connections open on all public listeners together at most; a
 *                            connection over it is accepted and closed at once (default 20000)
 * @param heapPercent         overloaded while the heap in use after the last collection is at least
 *                            this percent of the maximum heap (default 95; 100 turns it off)
 * @param directMemoryPercent overloaded while Netty's direct memory in use is at least this percent
 *                            of the maximum direct memory (default 90; 100 turns it off)
 */
public record OverloadSettings(int maxConnections, double heapPercent, double directMemoryPercent) {

    public static final OverloadSettings DEFAULT = new OverloadSettings(null, null, null);

    @JsonCreator
    public OverloadSettings(@Nullable Integer maxConnections, @Nullable Double heapPercent,
                            @Nullable Double directMemoryPercent) {
        this(maxConnections == null ? 20_000 : (int) maxConnections, heapPercent == null ? 95 : (double) heapPercent,
             directMemoryPercent == null ? 90 : (double) directMemoryPercent);
    }
}
