package io.shopset.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientRateTableTest {

    static final long SECOND = 1_000_000_000L;
    static final long INTERVAL = SECOND / 10;   // 10 per second
    static final long TOLERANCE = INTERVAL * 5; // burst 5

    @Test
    void allowsTheBurstThenOneRequestPerInterval() {
        final ClientRateTable t = new ClientRateTable(64);
        long now = SECOND;
        for (int i = 0; i < 5; i++) {
            assertThat(t.acquire(42, now, INTERVAL, TOLERANCE)).isZero();
        }
        final long wait = t.acquire(42, now, INTERVAL, TOLERANCE);
        assertThat(wait).isEqualTo(INTERVAL);
        now += INTERVAL;
        assertThat(t.acquire(42, now, INTERVAL, TOLERANCE)).isZero();
        assertThat(t.acquire(42, now, INTERVAL, TOLERANCE)).isPositive();
        // Keys are independent.
        assertThat(t.acquire(43, now, INTERVAL, TOLERANCE)).isZero();
    }

    @Test
    void sustainedRateMatchesTheLimitWithNoBoundaryBurst() {
        final ClientRateTable t = new ClientRateTable(64);
        int allowed = 0;
        // 100 attempts per second for 10 seconds.
        for (long now = SECOND; now < 11 * SECOND; now += SECOND / 100) {
            if (t.acquire(7, now, INTERVAL, TOLERANCE) == 0) {
                allowed++;
            }
        }
        // burst 5 + 10/s * 10 s, and not one more.
        assertThat(allowed).isBetween(104, 105);
    }

    @Test
    void anEvictedKeyNeverComesBackWithMoreThanItsRefill() {
        // A tiny table: 16 slots, all in every key's probe window.
        final ClientRateTable t = new ClientRateTable(16);
        final long now = SECOND;
        for (int i = 0; i < 5; i++) {
            t.acquire(1, now, INTERVAL, TOLERANCE);
        }
        assertThat(t.acquire(1, now, INTERVAL, TOLERANCE)).as("key 1 spent its burst").isPositive();
        // Fill every other slot with keys that are still refilling.
        for (long k = 2; k <= 16; k++) {
            t.acquire(k, now, INTERVAL, TOLERANCE);
        }
        // A 17th key finds no free or refilled slot: it shares the overflow bucket instead of evicting key 1.
        assertThat(t.acquire(100, now, INTERVAL, TOLERANCE)).isZero();
        assertThat(t.overflows()).isEqualTo(1);
        assertThat(t.acquire(1, now, INTERVAL, TOLERANCE)).as("key 1 is still limited").isPositive();
        // Once everything has refilled, slots are reused and key 1 has exactly its burst again.
        final long later = now + 2 * SECOND;
        for (int i = 0; i < 5; i++) {
            assertThat(t.acquire(1, later, INTERVAL, TOLERANCE)).isZero();
        }
        assertThat(t.acquire(1, later, INTERVAL, TOLERANCE)).isPositive();
    }

    @Test
    void costsSixteenBytesPerSlot() {
        final ClientRateTable t = new ClientRateTable(1 << 21);
        assertThat(t.capacity()).isEqualTo(1 << 21);
        // Two long arrays: 2^21 * 16 B = 32 MiB for about a million keys at half load (32 B per key).
    }
}
