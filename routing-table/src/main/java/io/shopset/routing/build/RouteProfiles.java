package io.shopset.routing.build;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.ShopRoute;
import io.shopset.routing.model.Limits;
import io.shopset.routing.model.ShopSet;

/**
 * The profiles of the routes a build makes: one shared instance for all the ordinary shops (not
 * isolated, not warming up, on the default shop limits) with the same candidates, configuration and
 * tier; a profile of its own for every other shop. A million shops share a few dozen. For one thread.
 */
final class RouteProfiles {

    private final Map<Key, ShopRoute.Profile> shared = new HashMap<>();
    private final Limits defaults;

    /** @param defaults the state's default shop limits, the instance ordinary shops' routes hold */
    RouteProfiles(Limits defaults) {
        this.defaults = defaults;
    }

    ShopRoute.Profile of(String configuration, String tier, List<ShopSet> candidates, boolean isolated,
                         Limits limits, @Nullable ShopSet warmup) {
        if (isolated || warmup != null || limits != defaults) {
            return new ShopRoute.Profile(configuration, tier, candidates, isolated, limits, warmup);
        }
        final Key key = new Key(candidates, configuration, tier);
        final ShopRoute.Profile p = shared.get(key);
        if (p != null) {
            return p;
        }
        final ShopRoute.Profile made = new ShopRoute.Profile(configuration, tier, candidates, false, limits, null);
        shared.put(key, made);
        return made;
    }

    /** Candidates by identity (a catalog's shared list), configuration and tier by value. */
    private static final class Key {

        private final List<ShopSet> candidates;
        private final String configuration;
        private final @Nullable String tier;

        Key(List<ShopSet> candidates, String configuration, @Nullable String tier) {
            this.candidates = candidates;
            this.configuration = configuration;
            this.tier = tier;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.candidates == candidates && k.configuration.equals(configuration) &&
                   Objects.equals(k.tier, tier);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(candidates) * 31 + configuration.hashCode() * 17 + Objects.hashCode(tier);
        }
    }
}
