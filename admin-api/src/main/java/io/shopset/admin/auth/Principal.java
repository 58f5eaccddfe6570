package io.shopset.admin.auth;

/** Who made an admin request: the token's name (written to the audit log) and its role. */
public record Principal(String name, Role role) {
}
