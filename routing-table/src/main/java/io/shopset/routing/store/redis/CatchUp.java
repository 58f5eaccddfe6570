package io.shopset.routing.store.redis;

/**
 * Whether a replica that the version poll finds behind Redis has lost change messages (pub/sub is
 * at-most-once) and must read the whole state again. Being behind at two polls in a row is not
 * enough: while changes keep coming, the newest one is usually in flight at every poll, and a
 * needless full read of a million shops takes seconds. Lost is: still short, at this poll, of the
 * version Redis had at the previous one.
 *
 * <p>Thread-safe (the sync thread polls; a resync on any thread resets it).
 */
final class CatchUp {

    /** The version Redis had at the last poll that found this replica behind; -1: not behind. */
    private long target = -1;

    /** One poll: this replica is at {@code local}, Redis at {@code remote}. Returns whether to resync. */
    synchronized boolean lost(long local, long remote) {
        if (remote == local) {
            target = -1;
            return false;
        }
        if (target < 0 || local >= target) {
            // First seen behind, or messages are arriving: wait for the next poll.
            target = remote;
            return false;
        }
        return true;
    }

    /** The version this replica was short of, for the log; -1 when it was not behind. */
    synchronized long target() {
        return target;
    }

    /** After a resync: not behind. */
    synchronized void reset() {
        target = -1;
    }
}
