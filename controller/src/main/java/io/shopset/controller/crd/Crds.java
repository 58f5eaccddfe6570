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
    /** The label that ties a Deployment to its ShopSet: releases patch the image of those Deployments. */
    public static final String SHOPSET_LABEL = "shopset.io/shopset";
    /**
     * The annotation on such a Deployment naming the container whose image tag is the release; when
     * left out, its first container.
     */
    public static final String RELEASE_CONTAINER_ANNOTATION = "shopset.io/release-container";

    /** A DNS label, as the routing table's names are. */
    static final String DNS_LABEL = "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$";
    /** A duration as the configuration file writes it: {@code 250ms}, {@code 2s}, {@code 1m}, {@code 1h}. */
    static final String DURATION = "^[0-9]+(ms|s|m|h)$";

    private Crds() {
    }
}
