package io.shopset.routing.model;

import java.util.List;

/**
 * How the shops of one state differ from another's, by shop id: the shops to set (new, or changed
 * in any field) and the ids to delete. Order of the shops is not part of it.
 *
 * @param upserts the shops of the second state that the first lacks or holds differently
 * @param deletes the ids the first state has and the second has not
 */
public record ShopChanges(List<Shop> upserts, List<String> deletes) {

    public static final ShopChanges NONE = new ShopChanges(List.of(), List.of());

    public ShopChanges {
        upserts = List.copyOf(upserts);
        deletes = List.copyOf(deletes);
    }

    /** Shops set plus ids deleted. */
    public int size() {
        return upserts.size() + deletes.size();
    }

    public boolean isEmpty() {
        return upserts.isEmpty() && deletes.isEmpty();
    }
}
