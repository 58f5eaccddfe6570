package io.shopset.routing.store;

/**
 * A write named a version that is no longer current: another writer changed the state first.
 * Nothing was written.
 */
public final class StoreConflictException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long expected;
    private final long actual;

    public StoreConflictException(long expected, long actual) {
        super("the routing state changed (expected version " + expected + ", found " + actual + ')', null,
              false, false);
        this.expected = expected;
        this.actual = actual;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
