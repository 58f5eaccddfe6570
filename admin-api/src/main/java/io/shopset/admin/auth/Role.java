package io.shopset.admin.auth;

/** What a token may do; each role may do everything the roles before it may. */
public enum Role {
    /** Reads. */
    VIEWER,
    /** Isolates, restores, drains. */
    OPERATOR,
    /** Changes everything. */
    ADMIN;

    public boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }
}
