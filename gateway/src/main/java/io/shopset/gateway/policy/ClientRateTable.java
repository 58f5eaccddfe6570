package io.shopset.gateway.policy;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The GCRA state of every tracked client key in one fixed-size, lock-free open-addressing table:
 * two {@code long}s per slot (the key and its TAT), so a million keys at half load take 32 MB, about
 * 32 bytes per key.
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

    private final AtomicLongArray keys;
    private final AtomicLongArray tats;
    private final int mask;
    private final AtomicLong overflowTat = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();

    /** A table of {@code slots} slots (rounded up to a power of two); keep it at most half full. */
    ClientRateTable(int slots) {
        int n = 1;
        while (n < slots) {
            n <<= 1;
        }
        keys = new AtomicLongArray(n);
        tats = new AtomicLongArray(n);
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
            final long k = keys.get(slot);
            if (k == key) {
                return update(tats, slot, now, interval, tolerance);
            }
            if (k == EMPTY) {
                break;
            }
        }
        // Then claim a free slot, or one whose key has refilled completely.
        for (int probe = 0, slot = home; probe < PROBES; probe++, slot = (slot + 1) & mask) {
            final long k = keys.get(slot);
            if (k == key) {
                return update(tats, slot, now, interval, tolerance);
            }
            if ((k == EMPTY || tats.get(slot) < now) && keys.compareAndSet(slot, k, key)) {
                tats.set(slot, 0);
                return update(tats, slot, now, interval, tolerance);
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

    private static long update(AtomicLongArray tats, int slot, long now, long interval, long tolerance) {
        for (;;) {
            final long tat = tats.get(slot);
            final long next = Gcra.next(tat, now, interval, tolerance);
            if (next < 0) {
                return -next;
            }
            if (tats.compareAndSet(slot, tat, next)) {
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
