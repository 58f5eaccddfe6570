package io.shopset.routing.build;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.model.ShopSet;

/**
 * The distinct placements of a snapshot's shops that are not isolated, each with the one candidate
 * list every shop placed so shares. A million shops share a few dozen placements: one list per
 * placement, not one per shop. Immutable; a snapshot built from another by a change adds the
 * placements it did not have ({@link #with}).
 */
final class PlacementCatalog {

    static final PlacementCatalog EMPTY = new PlacementCatalog(Map.of(), new IdentityHashMap<>());

    private final Map<List<String>, List<ShopSet>> candidatesByPlacement;
    /** Identity map: a shared candidate list to its ShopSet names. */
    private final Map<List<ShopSet>, List<String>> placementByCandidates;

    private PlacementCatalog(Map<List<String>, List<ShopSet>> candidatesByPlacement,
                             Map<List<ShopSet>, List<String>> placementByCandidates) {
        this.candidatesByPlacement = candidatesByPlacement;
        this.placementByCandidates = placementByCandidates;
    }

    /** The shared candidates of {@code placement}, or {@code null} when no shop had it yet. */
    @Nullable List<ShopSet> candidates(List<String> placement) {
        return candidatesByPlacement.get(placement);
    }

    /** The placement (ShopSet names) a shared candidate list stands for, or {@code null} for another list. */
    @Nullable List<String> placement(List<ShopSet> sharedCandidates) {
        return placementByCandidates.get(sharedCandidates);
    }

    /** This catalog and {@code placement}'s candidates, looked up in {@code shopsets}. */
    PlacementCatalog with(List<String> placement, Map<String, ShopSet> shopsets) {
        final Map<List<String>, List<ShopSet>> byPlacement = new HashMap<>(candidatesByPlacement);
        final Map<List<ShopSet>, List<String>> byCandidates = new IdentityHashMap<>(placementByCandidates);
        add(placement, shopsets, byPlacement, byCandidates);
        return new PlacementCatalog(byPlacement, byCandidates);
    }

    /** A catalog built in one go, for a whole state. */
    static final class Builder {

        private final Map<List<String>, List<ShopSet>> byPlacement = new HashMap<>();
        private final Map<List<ShopSet>, List<String>> byCandidates = new IdentityHashMap<>();
        private final Map<String, ShopSet> shopsets;

        Builder(Map<String, ShopSet> shopsets) {
            this.shopsets = shopsets;
        }

        /** The shared candidates of {@code placement}. */
        List<ShopSet> candidates(List<String> placement) {
            final List<ShopSet> shared = byPlacement.get(placement);
            return shared != null ? shared : add(placement, shopsets, byPlacement, byCandidates);
        }

        PlacementCatalog build() {
            return new PlacementCatalog(byPlacement, byCandidates);
        }
    }

    private static List<ShopSet> add(List<String> placement, Map<String, ShopSet> shopsets,
                                     Map<List<String>, List<ShopSet>> byPlacement,
                                     Map<List<ShopSet>, List<String>> byCandidates) {
        final List<String> key = List.copyOf(placement);
        final List<ShopSet> shared = SnapshotBuilder.candidates(key, null, shopsets);
        byPlacement.put(key, shared);
        byCandidates.put(shared, key);
        return shared;
    }
}
