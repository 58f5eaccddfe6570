package io.shopset.routing.lookup;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable host table that takes edits at the cost of the edit: a base {@link HostTable} and a
 * small overlay table of the keys set or removed since that base, looked up first. A lookup is
 * still O(1) and allocates nothing: it hashes the key once and probes the overlay, then (unless the
 * overlay had the key) the base. While the overlay is empty only the base is probed.
 *
 * <p>An edit ({@link #edit()}) copies the overlay with its changes; the base is shared by every
 * index made from it. When an overlay grows past {@link #foldThreshold} keys, the base and that
 * overlay are merged into a new base ({@link HostTable#merged}: a copy of the base's arrays with
 * the overlay's keys inserted and deleted) on a background thread ({@code shopset-snapshot-fold}); the
 * next edit of any index on the same base finds the merged table and moves onto it, keeping in its
 * overlay only what differs from it. So a million-host table changed a host at a time never
 * rebuilds itself on the path of a change, and its overlay stays about a thousand keys.
 */
public final class HostIndex<V> {

    private static final Logger logger = LoggerFactory.getLogger(HostIndex.class);
    /** The overlay's mark of a key removed from the base. */
    private static final Object REMOVED = new Object();
    private static final HostTable<Object> NO_OVERLAY = new HostTable<>(Map.of());

    private final HostTable<V> base;
    private final HostTable<Object> overlay;
    private final int size;
    private final Fold<V> fold;

    private HostIndex(HostTable<V> base, HostTable<Object> overlay, int size, Fold<V> fold) {
        this.base = base;
        this.overlay = overlay;
        this.size = size;
        this.fold = fold;
    }

    /** An index of {@code base}'s entries, folding on the background thread. */
    public static <V> HostIndex<V> of(HostTable<V> base) {
        return of(base, Background.EXECUTOR);
    }

    /** An index of {@code base}'s entries whose folds run on {@code folder} ({@code Runnable::run}: at once). */
    public static <V> HostIndex<V> of(HostTable<V> base, Executor folder) {
        return new HostIndex<>(requireNonNull(base, "base"), NO_OVERLAY, base.size(), new Fold<>(base, folder));
    }

    /** The value for {@code s[start, end)}, compared case-insensitively, or {@code null}. */
    @SuppressWarnings("unchecked")
    public @Nullable V get(CharSequence s, int start, int end) {
        final HostTable<Object> o = overlay;
        if (o.size() == 0) {
            return base.get(s, start, end);
        }
        final long h = HostTable.hash(s, start, end);
        final Object v = o.get(s, start, end, h);
        if (v != null) {
            return v == REMOVED ? null : (V) v;
        }
        return base.get(s, start, end, h);
    }

    /** The value for the whole of {@code s}, or {@code null}. */
    public @Nullable V get(CharSequence s) {
        return get(s, 0, s.length());
    }

    /** The number of keys. */
    public int size() {
        return size;
    }

    /** The number of keys the overlay holds (set or removed since the base). */
    public int overlaySize() {
        return overlay.size();
    }

    /** Calls {@code action} with every key and value, in no particular order. */
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<String, V> action) {
        overlay.forEach((k, v) -> {
            if (v != REMOVED) {
                action.accept(k, (V) v);
            }
        });
        base.forEach((k, v) -> {
            if (overlay.get(k) == null) {
                action.accept(k, v);
            }
        });
    }

    /** Starts an edit of this index; this one stays as it is. */
    public Edit<V> edit() {
        return new Edit<>(this);
    }

    /**
     * Overlay keys past which the overlay is merged into a new base: 1/16 of the base, 256 to
     * 1,024. Each edit copies the overlay (at most about 50 KB at 1,024 keys); a merge copies the
     * base's arrays once (24 MB for a million keys), on the fold thread.
     */
    static int foldThreshold(int baseSize) {
        return Math.max(256, Math.min(1024, baseSize / 16));
    }

    /** Changes to an index: puts and removes (the last one for a key wins), then {@link #apply()}. */
    public static final class Edit<V> {

        private final HostIndex<V> from;
        private final Map<String, Object> changes = new LinkedHashMap<>();

        private Edit(HostIndex<V> from) {
            this.from = from;
        }

        /** Sets {@code lowerCaseKey}, which must already be lower-case. */
        public Edit<V> put(String lowerCaseKey, V value) {
            changes.put(requireNonNull(lowerCaseKey, "key"), requireNonNull(value, "value"));
            return this;
        }

        /** Removes {@code lowerCaseKey} (nothing when it is not there). */
        public Edit<V> remove(String lowerCaseKey) {
            changes.put(requireNonNull(lowerCaseKey, "key"), REMOVED);
            return this;
        }

        /** The edited index. */
        public HostIndex<V> apply() {
            if (changes.isEmpty()) {
                return from;
            }
            HostTable<V> base = from.base;
            HostTable<Object> overlay = from.overlay;
            Fold<V> fold = from.fold;
            final Fold.Done<V> done = fold.done;
            if (done != null) {
                // Move onto the merged base, keeping in the overlay what this index says differently
                // from it. (This index may not descend from the overlay that was folded: then it
                // differs in more keys.) The same entries, so the same size.
                final HostTable<V> old = base;
                final HostTable<Object> mine = overlay;
                final HostTable.Builder<Object> residual = HostTable.builder(16);
                mine.forEach((k, v) -> {
                    if (done.overlay.get(k) != v) {
                        residual.put(k, v);
                    }
                });
                done.overlay.forEach((k, v) -> {
                    if (mine.get(k) == null) {
                        final V was = old.get(k);
                        residual.put(k, was != null ? was : REMOVED);
                    }
                });
                base = done.table;
                overlay = residual.build();
                fold = new Fold<>(base, fold.executor);
            }
            // Only the changed keys are looked up: the overlay is copied as it is (an entry that came
            // to equal the base stays until the next fold; it changes nothing a lookup sees).
            int size = from.size;
            final String[] keys = new String[changes.size()];
            final Object[] values = new Object[keys.length];
            int n = 0;
            for (Map.Entry<String, Object> e : changes.entrySet()) {
                final Object inOverlay = overlay.get(e.getKey());
                final boolean had = inOverlay != null ? inOverlay != REMOVED : base.get(e.getKey()) != null;
                final boolean has = e.getValue() != REMOVED;
                size += (has ? 1 : 0) - (had ? 1 : 0);
                keys[n] = e.getKey();
                values[n++] = e.getValue();
            }
            overlay = overlay.withAll(keys, values, n);
            if (overlay.size() > foldThreshold(base.size())) {
                fold.start(overlay);
            }
            return new HostIndex<>(base, overlay, size, fold);
        }
    }

    /**
     * The merge of one base with one of its overlays, shared by every index on that base: started
     * once, done in the background, picked up by the next edit.
     */
    private static final class Fold<V> {

        record Done<V>(HostTable<Object> overlay, HostTable<V> table) {
        }

        final HostTable<V> base;
        final Executor executor;
        final AtomicBoolean started = new AtomicBoolean();
        volatile @Nullable Done<V> done;

        Fold(HostTable<V> base, Executor executor) {
            this.base = base;
            this.executor = executor;
        }

        void start(HostTable<Object> overlay) {
            if (!started.compareAndSet(false, true)) {
                return;
            }
            try {
                executor.execute(() -> {
                    try {
                        done = new Done<>(overlay, merge(base, overlay));
                    } catch (RuntimeException | OutOfMemoryError e) {
                        logger.warn("merging a host table's {} changed keys into its {} failed; trying again at " +
                                    "the next change", overlay.size(), base.size(), e);
                        started.set(false);
                    }
                });
            } catch (RuntimeException e) {
                started.set(false);
                logger.warn("cannot start merging a host table's changes: {}", e.toString());
            }
        }

        static <V> HostTable<V> merge(HostTable<V> base, HostTable<Object> overlay) {
            return base.merged(overlay, REMOVED);
        }
    }

    /** The fold thread: one, low priority, gone when idle. */
    private static final class Background {

        static final Executor EXECUTOR;

        static {
            final ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                                                                Background::thread);
            e.allowCoreThreadTimeOut(true);
            EXECUTOR = e;
        }

        private static Thread thread(Runnable r) {
            final Thread t = new Thread(r, "shopset-snapshot-fold");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        }
    }
}
