package io.shopset.gateway.policy;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The GCRA state of every tracked client key in one fixed-size, lock-free open-addressing table:
 * two {@code long}s per slot, the key and its TAT side by side in one array (a slot's two words
 * share a cache line, so a key found is its TAT read: one cache miss, not two, when the table is
 * out of cache), so a million keys at half load take 32 MB, about 32 bytes per key.
 *
 * <p>Eviction never gives allowance away: a slot is only taken over from another key when that
 * key's TAT is in the past, which is exactly when its bucket is full again and it is
 * indistinguishable from a new key. When the {@value #PROBES} slots a key may use all hold keys
 * still refilling, the key shares one overflow bucket with every other such key: memory stays
 * bounded and the flood gets less, never more.
 *
 * <p>Concurrency: CAS on the key slot to claim it, CAS on the TAT to update it; event loops never
 * block. Two racing claims of a free slot settle by CAS; a takeover racing with the old key's last
 * request may let that one request see the new key's TAT. The first requests of one new key racing
 * on two event loops may each claim a slot (a brief double burst for that key, once); a key's
 * existing slot is always found first, so a known key never starts fresh.
 */
final class ClientRateTable {

    static final int PROBES = 16;
    private static final long EMPTY = 0;

    /** Slot i's key at 2i, its TAT at 2i + 1. */
    private final AtomicLongArray slots;
    private final int mask;
    private final AtomicLong overflowTat = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();

    /** A table of {@code count} slots (rounded up to a power of two, at most 2^29); keep it at most half full. */
    ClientRateTable(int count) {
        if (count > 1 << 29) {
            throw new IllegalArgumentException("at most 2^29 client slots: " + count);
        }
        int n = 1;
        while (n < count) {
            n <<= 1;
        }
        slots = new AtomicLongArray(2 * n);
        mask = n - 1;
    }

    /**
     * Takes one request for {@code key} at {@code now}.
     *
     * @return 0 when allowed, else the nanoseconds until it would be
     */
    long acquire(long key, long now, long interval, long tolerance) {
        if (key == EMPTY) {
            key = 1;
        }
        final int home = (int) (key ^ (key >>> 32)) & mask;
        // First look for the key itself, so it never gets a second, fresh slot.
        for (int probe = 0, slot = home; probe < PROBES; probe++, slot = (slot + 1) & mask) {
            final long k = slots.get(2 * slot);
            if (k == key) {
                return update(slots, 2 * slot + 1, now, interval, tolerance);
            }
            if (k == EMPTY) {
                break;
            }
        }
        // Then claim a free slot, or one whose key has refilled completely.
        for (int probe = 0, slot = home; probe < PROBES; probe++, slot = (slot + 1) & mask) {
            final long k = slots.get(2 * slot);
            if (k == key) {
                return update(slots, 2 * slot + 1, now, interval, tolerance);
            }
            if ((k == EMPTY || slots.get(2 * slot + 1) < now) && slots.compareAndSet(2 * slot, k, key)) {
                slots.set(2 * slot + 1, 0);
                return update(slots, 2 * slot + 1, now, interval, tolerance);
            }
        }
        overflows.incrementAndGet();
        for (;;) {
            final long tat = overflowTat.get();
            final long next = Gcra.next(tat, now, interval, tolerance);
            if (next < 0) {
                return -next;
            }
            if (overflowTat.compareAndSet(tat, next)) {
                return 0;
            }
        }
    }

    /** Takes one request on the TAT at {@code index} of {@code words}. */
    private static long update(AtomicLongArray words, int index, long now, long interval, long tolerance) {
        for (;;) {
            final long tat = words.get(index);
            final long next = Gcra.next(tat, now, interval, tolerance);
            if (next < 0) {
                return -next;
            }
            if (words.compareAndSet(index, tat, next)) {
                return 0;
            }
        }
    }

    /** Keys that found no slot and shared the overflow bucket, so far. */
    long overflows() {
        return overflows.get();
    }

    int capacity() {
        return mask + 1;
    }
}
