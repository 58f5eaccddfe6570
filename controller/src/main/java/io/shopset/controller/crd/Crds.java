package io.shopset.controller.crd;

/**
 * Names shared by the four custom resources.
 */
public final class Crds {

    /** The API group. */
    public static final String GROUP = "shopset.io";
    /** The served and stored version. */
    public static final String VERSION = "v1alpha1";
    /** The category listing all four ({@code kubectl get shopset-all}). */
    public static final String CATEGORY = "shopset-all";
    /** The finalizer the controller puts on every resource it writes into the routing store. */
    public static final String FINALIZER = "shopset.io/routing-store";

    /** A DNS label, as the routing table's names are. */
    static final String DNS_LABEL = "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$";
    /** A duration as the configuration file writes it: {@code 250ms}, {@code 2s}, {@code 1m}, {@code 1h}. */
    static final String DURATION = "^[0-9]+(ms|s|m|h)$";

    private Crds() {
    }
}
