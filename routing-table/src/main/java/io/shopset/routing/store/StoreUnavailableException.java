package io.shopset.routing.store;

/**
 * The store cannot take a write now (Redis unreachable, the state file cannot be written). Nothing
 * was written; the routing table keeps serving the last good state.
 */
public final class StoreUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }
}
