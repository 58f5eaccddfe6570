package io.shopset.routing.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * One shared instance of each short name and placement that many shops repeat: a million shops
 * name a dozen ShopSets, a configuration and a tier, and list a few dozen distinct placements.
 * Whoever makes a {@link Shop} (a parsed file, a Redis hash, an admin request) gets the shared
 * instances, so a state holds each name and placement once instead of once per shop.
 *
 * <p>A bounded pool: names up to {@value #MAX_NAME} chars, placements up to {@value #MAX_LIST}
 * names, at most {@value #MAX_ENTRIES} entries; when it is full it is emptied and fills again with
 * what is still being made (so names that went out of use do not stay). Thread-safe.
 */
final class Canonical {

    static final int MAX_NAME = 63;
    static final int MAX_LIST = 8;
    static final int MAX_ENTRIES = 4096;

    private static final ConcurrentHashMap<Object, Object> POOL = new ConcurrentHashMap<>();

    private Canonical() {
    }

    /** The shared instance equal to {@code name}; {@code name} itself when it is long or {@code null}. */
    static @Nullable String name(@Nullable String name) {
        if (name == null || name.length() > MAX_NAME) {
            return name;
        }
        final Object shared = POOL.get(name);
        return shared instanceof String s ? s : (String) intern(name);
    }

    /**
     * The shared immutable list of the names of {@code names} without its {@code null}s, the names
     * shared too; an immutable copy of its own when it is long or holds a long name.
     */
    static List<String> names(List<String> names) {
        final Object shared = names.size() <= MAX_LIST ? POOL.get(names) : null;
        if (shared != null) {
            @SuppressWarnings("unchecked")
            final List<String> list = (List<String>) shared;
            return list;
        }
        final List<String> out = new ArrayList<>(names.size());
        boolean poolable = true;
        for (String n : names) {
            if (n != null) {
                poolable &= n.length() <= MAX_NAME;
                out.add(name(n));
            }
        }
        if (!poolable || out.size() > MAX_LIST) {
            return List.copyOf(out);
        }
        @SuppressWarnings("unchecked")
        final List<String> list = (List<String>) intern(List.copyOf(out));
        return list;
    }

    private static Object intern(Object value) {
        if (POOL.size() >= MAX_ENTRIES) {
            POOL.clear();
        }
        final Object was = POOL.putIfAbsent(value, value);
        return was != null ? was : value;
    }
}
