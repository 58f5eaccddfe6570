package io.shopset.routing.model;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;

import org.jspecify.annotations.Nullable;

/**
 * The shops of a routing state: an immutable list in the state's order that also finds a shop by
 * its id, and whose edits cost about the edit rather than the list. A state of a million shops
 * changes one shop at a time (isolate, restore, a PUT); copying, re-indexing or comparing a
 * million entries for each of those is what this avoids (docs/performance.md).
 *
 * <p>Layout: every entry has a sequence number, increasing in list order (a replaced shop keeps
 * its number; an added one takes the next). Entries sit in leaves of up to {@value #LEAF},
 * found by their first number; the id index is a hash table of (hash, number) pairs in buckets of
 * a few entries, in pages of 1,024 buckets. An edit copies one leaf, one page and one bucket, plus
 * the leaf spine (a thousand references for a million shops); everything else is shared with the
 * list it was made from. {@link #changesTo} compares two lists leaf by leaf and skips the leaves
 * they share, so the difference between a list and one edited from it costs about the edit.
 *
 * <p>Ids are compared exactly (case-sensitive). A list may hold one id twice (a state the validator
 * refuses); then {@link #byId} finds the first, and edits and comparisons take a slower, plain
 * path with the semantics the stores always had.
 */
public final class ShopList extends AbstractList<Shop> implements RandomAccess {

    /** Entries per leaf. */
    static final int LEAF = 1024;
    private static final int PAGE_BITS = 10;
    private static final int PAGE_MASK = (1 << PAGE_BITS) - 1;
    /** Average bucket length at which the index is rebuilt with more buckets. */
    private static final int MAX_LOAD = 16;
    private static final int[] NO_PAIRS = new int[0];
    private static final ShopList EMPTY = build(new Shop[0], new int[0], 0, 0);

    private final Leaf[] leaves;
    /** {@code ends[l]}: entries in leaves {@code 0..l}. */
    private final int[] ends;
    /** The sequence number of each leaf's first entry. */
    private final int[] firstSeqs;
    private final int size;
    private final int nextSeq;
    /** Bucket {@code b} is {@code pages[b >>> PAGE_BITS][b & PAGE_MASK]}: (hash, sequence number) pairs. */
    private final int[][][] pages;
    private final int mask;
    private final boolean duplicates;
    private int hashCode;
    private boolean hashed;

    /**
     * Up to {@value #LEAF} entries and their sequence numbers. When the numbers run one by one (a
     * list made in one go, a leaf only appended to), they are not stored: the first one is.
     */
    private static final class Leaf {
        /** The entries' numbers, or {@code null} when they are {@code first, first + 1, ...}. */
        private final int @Nullable [] seqs;
        private final int first;
        final Shop[] shops;

        private Leaf(int @Nullable [] seqs, int first, Shop[] shops) {
            this.seqs = seqs;
            this.first = first;
            this.shops = shops;
        }

        /** A leaf of {@code shops} numbered {@code seqs} (which it may keep). */
        static Leaf of(int[] seqs, Shop[] shops) {
            for (int k = 1; k < seqs.length; k++) {
                if (seqs[k] != seqs[0] + k) {
                    return new Leaf(seqs, 0, shops);
                }
            }
            return new Leaf(null, seqs.length == 0 ? 0 : seqs[0], shops);
        }

        Leaf withShops(Shop[] replaced) {
            return new Leaf(seqs, first, replaced);
        }

        int size() {
            return shops.length;
        }

        int seq(int k) {
            return seqs == null ? first + k : seqs[k];
        }

        /** As {@link Arrays#binarySearch(int[], int)} over the numbers. */
        int indexOf(int seq) {
            if (seqs != null) {
                return Arrays.binarySearch(seqs, seq);
            }
            if (seq < first) {
                return -1;
            }
            return seq - first < shops.length ? seq - first : -shops.length - 1;
        }

        /** The numbers, as an array the caller must not change. */
        int[] seqs() {
            if (seqs != null) {
                return seqs;
            }
            final int[] out = new int[shops.length];
            for (int k = 0; k < out.length; k++) {
                out[k] = first + k;
            }
            return out;
        }
    }

    private ShopList(Leaf[] leaves, int[] ends, int[] firstSeqs, int size, int nextSeq, int[][][] pages, int mask,
                     boolean duplicates) {
        this.leaves = leaves;
        this.ends = ends;
        this.firstSeqs = firstSeqs;
        this.size = size;
        this.nextSeq = nextSeq;
        this.pages = pages;
        this.mask = mask;
        this.duplicates = duplicates;
    }

    public static ShopList empty() {
        return EMPTY;
    }

    /** The shops of {@code shops} in order, {@code null} elements left out; a {@code ShopList} is returned as it is. */
    public static ShopList of(Collection<? extends @Nullable Shop> shops) {
        if (shops instanceof ShopList l) {
            return l;
        }
        final Shop[] out = new Shop[shops.size()];
        int n = 0;
        for (Shop s : shops) {
            if (s != null) {
                out[n++] = s;
            }
        }
        if (n == 0) {
            return EMPTY;
        }
        final int[] seqs = new int[n];
        for (int i = 0; i < n; i++) {
            seqs[i] = i;
        }
        return build(out, seqs, n, n);
    }

    // ---- reading ----

    @Override
    public int size() {
        return size;
    }

    @Override
    public Shop get(int index) {
        Objects.checkIndex(index, size);
        int lo = 0;
        int hi = leaves.length - 1;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (ends[mid] > index) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return leaves[lo].shops[index - (lo == 0 ? 0 : ends[lo - 1])];
    }

    /** The shop with {@code id} (the first, should there be two), or {@code null}. */
    public @Nullable Shop byId(@Nullable String id) {
        final int seq = seqOf(id);
        return seq < 0 ? null : bySeq(seq);
    }

    public boolean containsId(@Nullable String id) {
        return seqOf(id) >= 0;
    }

    /** The position of the shop with {@code id} (the first, should there be two), or -1. */
    public int indexOfId(@Nullable String id) {
        final int seq = seqOf(id);
        if (seq < 0) {
            return -1;
        }
        final int l = leafOf(seq);
        return (l == 0 ? 0 : ends[l - 1]) + leaves[l].indexOf(seq);
    }

    /** Whether some id is there twice (the validator refuses such a state). */
    public boolean hasDuplicateIds() {
        return duplicates;
    }

    @Override
    public Iterator<Shop> iterator() {
        return new Iterator<>() {
            private int leaf;
            private int at;

            @Override
            public boolean hasNext() {
                return leaf < leaves.length;
            }

            @Override
            public Shop next() {
                if (leaf >= leaves.length) {
                    throw new NoSuchElementException();
                }
                final Shop[] shops = leaves[leaf].shops;
                final Shop s = shops[at++];
                if (at == shops.length) {
                    leaf++;
                    at = 0;
                }
                return s;
            }
        };
    }

    @Override
    public Spliterator<Shop> spliterator() {
        return Spliterators.spliterator(iterator(), size,
                                        Spliterator.ORDERED | Spliterator.SIZED | Spliterator.IMMUTABLE |
                                        Spliterator.NONNULL);
    }

    // ---- editing: each returns a new list; this one is unchanged ----

    /** This list with the shop of {@code shop}'s id replaced by {@code shop} in its place, or appended. */
    public ShopList with(Shop shop) {
        Objects.requireNonNull(shop, "shop");
        if (duplicates) {
            return plainWith(shop);
        }
        final int h = hash(shop.id());
        final int seq = seqOf(shop.id(), h);
        if (seq < 0) {
            return append(shop, h);
        }
        final int l = leafOf(seq);
        final Leaf leaf = leaves[l];
        final int p = leaf.indexOf(seq);
        if (leaf.shops[p] == shop) {
            return this;
        }
        final Shop[] shops = leaf.shops.clone();
        shops[p] = shop;
        final Leaf[] ls = leaves.clone();
        ls[l] = leaf.withShops(shops);
        return new ShopList(ls, ends, firstSeqs, size, nextSeq, pages, mask, false);
    }

    /** This list without the shop {@code id} (unchanged when there is none). */
    public ShopList without(@Nullable String id) {
        if (duplicates) {
            return plainWithout(id);
        }
        final int h = hash(id);
        final int seq = seqOf(id, h);
        return seq < 0 ? this : remove(seq, h);
    }

    /**
     * This list with the shops {@code deletes} removed, then each of {@code upserts} put as by
     * {@link #with} (a shop both deleted and put goes to the end): what a change announced as a delta
     * does to a replica's state.
     */
    public ShopList withChanges(Collection<Shop> upserts, Collection<String> deletes) {
        if (upserts.isEmpty() && deletes.isEmpty()) {
            return this;
        }
        if (duplicates) {
            final Map<String, Shop> m = new LinkedHashMap<>();
            for (Shop s : this) {
                m.put(s.id(), s);
            }
            deletes.forEach(m::remove);
            upserts.forEach(s -> m.put(s.id(), s));
            return of(new ArrayList<>(m.values()));
        }
        if (upserts.size() + deletes.size() > Math.max(64, size / 16)) {
            return bulk(upserts, deletes);
        }
        ShopList out = this;
        for (String id : deletes) {
            out = out.without(id);
        }
        for (Shop s : upserts) {
            out = out.with(s);
        }
        return out;
    }

    // ---- comparing ----

    /**
     * How {@code next} differs from this list by shop id, or {@code null} when more than
     * {@code limit} shops differ. Leaves the two lists share are skipped: the difference between a
     * list and one edited from it costs about the edit; two unrelated lists are compared entry by
     * entry.
     */
    public @Nullable ShopChanges changesTo(ShopList next, int limit) {
        if (next == this) {
            return ShopChanges.NONE;
        }
        if (duplicates || next.duplicates) {
            return plainChanges(next, limit);
        }
        final List<Shop> upserts = new ArrayList<>();
        final List<String> deletes = new ArrayList<>();
        final Leaf[] a = leaves;
        final Leaf[] b = next.leaves;
        int i = 0;
        int j = 0;
        int pa = 0;
        int pb = 0;
        while (i < a.length || j < b.length) {
            if (pa == 0 && pb == 0 && i < a.length && j < b.length && a[i] == b[j]) {
                i++;
                j++;
                continue;
            }
            final int sa = i < a.length ? a[i].seq(pa) : Integer.MAX_VALUE;
            final int sb = j < b.length ? b[j].seq(pb) : Integer.MAX_VALUE;
            if (sa == sb) {
                final Shop x = a[i].shops[pa];
                final Shop y = b[j].shops[pb];
                if (x != y) {
                    if (Objects.equals(x.id(), y.id())) {
                        if (!x.equals(y)) {
                            upserts.add(y);
                        }
                    } else {
                        if (!next.containsId(x.id())) {
                            deletes.add(x.id());
                        }
                        upsertIfChanged(y, upserts);
                    }
                }
            } else if (sa < sb) {
                final Shop x = a[i].shops[pa];
                if (!next.containsId(x.id())) {
                    deletes.add(x.id());
                }
            } else {
                upsertIfChanged(b[j].shops[pb], upserts);
            }
            if (upserts.size() + deletes.size() > limit) {
                return null;
            }
            if (sa <= sb && ++pa == a[i].size()) {
                i++;
                pa = 0;
            }
            if (sb <= sa && ++pb == b[j].size()) {
                j++;
                pb = 0;
            }
        }
        return upserts.isEmpty() && deletes.isEmpty() ? ShopChanges.NONE : new ShopChanges(upserts, deletes);
    }

    private void upsertIfChanged(Shop s, List<Shop> upserts) {
        final Shop before = byId(s.id());
        if (before == null || !before.equals(s)) {
            upserts.add(s);
        }
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof ShopList other)) {
            return super.equals(o);
        }
        if (size != other.size) {
            return false;
        }
        // Position by position; a leaf both share from the same position is equal as a whole.
        final Leaf[] a = leaves;
        final Leaf[] b = other.leaves;
        int i = 0;
        int j = 0;
        int pa = 0;
        int pb = 0;
        while (i < a.length) {
            if (pa == 0 && pb == 0 && a[i] == b[j]) {
                i++;
                j++;
                continue;
            }
            final Shop x = a[i].shops[pa];
            final Shop y = b[j].shops[pb];
            if (x != y && !x.equals(y)) {
                return false;
            }
            if (++pa == a[i].shops.length) {
                i++;
                pa = 0;
            }
            if (++pb == b[j].shops.length) {
                j++;
                pb = 0;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        if (!hashed) {
            hashCode = super.hashCode();
            hashed = true;
        }
        return hashCode;
    }

    // ---- internals ----

    private static ShopList build(Shop[] shops, int[] seqs, int n, int nextSeq) {
        final int leafCount = (n + LEAF - 1) / LEAF;
        final Leaf[] leaves = new Leaf[leafCount];
        final int[] ends = new int[leafCount];
        final int[] firsts = new int[leafCount];
        for (int l = 0; l < leafCount; l++) {
            final int from = l * LEAF;
            final int to = Math.min(n, from + LEAF);
            leaves[l] = Leaf.of(Arrays.copyOfRange(seqs, from, to), Arrays.copyOfRange(shops, from, to));
            ends[l] = to;
            firsts[l] = seqs[from];
        }
        final int buckets = buckets(n);
        final int m = buckets - 1;
        final int[] hashes = new int[n];
        final int[] counts = new int[buckets];
        for (int i = 0; i < n; i++) {
            hashes[i] = hash(shops[i].id());
            counts[hashes[i] & m]++;
        }
        final int[][] flat = new int[buckets][];
        for (int b = 0; b < buckets; b++) {
            flat[b] = counts[b] == 0 ? NO_PAIRS : new int[2 * counts[b]];
            counts[b] = 0;
        }
        boolean duplicates = false;
        next:
        for (int i = 0; i < n; i++) {
            final int b = hashes[i] & m;
            final int[] pairs = flat[b];
            // While building, the pair's second int is the entry's position: the ids to compare are at hand.
            for (int k = 0; k < counts[b]; k += 2) {
                if (pairs[k] == hashes[i] && Objects.equals(shops[pairs[k + 1]].id(), shops[i].id())) {
                    duplicates = true;
                    continue next;
                }
            }
            pairs[counts[b]] = hashes[i];
            pairs[counts[b] + 1] = i;
            counts[b] += 2;
        }
        for (int b = 0; b < buckets; b++) {
            int[] pairs = flat[b];
            if (counts[b] < pairs.length) {
                pairs = flat[b] = Arrays.copyOf(pairs, counts[b]);
            }
            for (int k = 1; k < pairs.length; k += 2) {
                pairs[k] = seqs[pairs[k]];
            }
        }
        return new ShopList(leaves, ends, firsts, n, nextSeq, paged(flat), m, duplicates);
    }

    /** A bucket count for {@code n} entries: a power of two, about 8 entries a bucket. */
    private static int buckets(int n) {
        int b = 16;
        while (b < n / 8) {
            b <<= 1;
        }
        return b;
    }

    private static int[][][] paged(int[][] flat) {
        final int pageSize = Math.min(flat.length, 1 << PAGE_BITS);
        final int[][][] pages = new int[flat.length / pageSize][][];
        for (int p = 0; p < pages.length; p++) {
            pages[p] = Arrays.copyOfRange(flat, p * pageSize, (p + 1) * pageSize);
        }
        return pages;
    }

    private static int hash(@Nullable String id) {
        int h = id == null ? 0 : id.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }

    private int[] bucket(int h) {
        final int b = h & mask;
        return pages[b >>> PAGE_BITS][b & PAGE_MASK];
    }

    private int seqOf(@Nullable String id) {
        return seqOf(id, hash(id));
    }

    private int seqOf(@Nullable String id, int h) {
        final int[] pairs = bucket(h);
        for (int k = 0; k < pairs.length; k += 2) {
            if (pairs[k] == h) {
                final Shop s = bySeq(pairs[k + 1]);
                if (s != null && Objects.equals(s.id(), id)) {
                    return pairs[k + 1];
                }
            }
        }
        return -1;
    }

    /** The leaf holding {@code seq}: the last one whose first number is at most it. */
    private int leafOf(int seq) {
        int lo = 0;
        int hi = firstSeqs.length - 1;
        while (lo < hi) {
            final int mid = (lo + hi + 1) >>> 1;
            if (firstSeqs[mid] <= seq) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private @Nullable Shop bySeq(int seq) {
        if (leaves.length == 0) {
            return null;
        }
        final Leaf leaf = leaves[leafOf(seq)];
        final int p = leaf.indexOf(seq);
        return p < 0 ? null : leaf.shops[p];
    }

    private ShopList append(Shop shop, int h) {
        if (nextSeq == Integer.MAX_VALUE) {
            // Two billion additions later: number the entries afresh.
            final List<Shop> all = new ArrayList<>(this);
            all.add(shop);
            return of(all);
        }
        final int seq = nextSeq;
        final Leaf[] ls;
        final int[] es;
        final int[] fs;
        final int last = leaves.length - 1;
        if (last >= 0 && leaves[last].size() < LEAF) {
            final Leaf leaf = leaves[last];
            final int len = leaf.size();
            final int[] seqs = Arrays.copyOf(leaf.seqs(), len + 1);
            final Shop[] shops = Arrays.copyOf(leaf.shops, len + 1);
            seqs[len] = seq;
            shops[len] = shop;
            ls = leaves.clone();
            ls[last] = Leaf.of(seqs, shops);
            es = ends.clone();
            es[last]++;
            fs = firstSeqs;
        } else {
            ls = Arrays.copyOf(leaves, leaves.length + 1);
            ls[last + 1] = Leaf.of(new int[] {seq}, new Shop[] {shop});
            es = Arrays.copyOf(ends, ends.length + 1);
            es[last + 1] = size + 1;
            fs = Arrays.copyOf(firstSeqs, firstSeqs.length + 1);
            fs[last + 1] = seq;
        }
        if (size + 1 > (mask + 1) * MAX_LOAD) {
            return reindexed(ls, es, fs, size + 1, seq + 1);
        }
        final int b = h & mask;
        final int[] old = pages[b >>> PAGE_BITS][b & PAGE_MASK];
        final int[] pairs = Arrays.copyOf(old, old.length + 2);
        pairs[old.length] = h;
        pairs[old.length + 1] = seq;
        return new ShopList(ls, es, fs, size + 1, seq + 1, withBucket(b, pairs), mask, false);
    }

    private ShopList remove(int seq, int h) {
        final int l = leafOf(seq);
        final Leaf leaf = leaves[l];
        final int p = leaf.indexOf(seq);
        final int len = leaf.size();
        final Leaf[] ls;
        final int[] es;
        final int[] fs;
        if (len == 1) {
            ls = new Leaf[leaves.length - 1];
            es = new int[ends.length - 1];
            fs = new int[firstSeqs.length - 1];
            System.arraycopy(leaves, 0, ls, 0, l);
            System.arraycopy(leaves, l + 1, ls, l, ls.length - l);
            System.arraycopy(firstSeqs, 0, fs, 0, l);
            System.arraycopy(firstSeqs, l + 1, fs, l, fs.length - l);
            System.arraycopy(ends, 0, es, 0, l);
            for (int k = l; k < es.length; k++) {
                es[k] = ends[k + 1] - 1;
            }
        } else {
            final int[] seqs = new int[len - 1];
            final Shop[] shops = new Shop[len - 1];
            System.arraycopy(leaf.seqs(), 0, seqs, 0, p);
            System.arraycopy(leaf.seqs(), p + 1, seqs, p, len - 1 - p);
            System.arraycopy(leaf.shops, 0, shops, 0, p);
            System.arraycopy(leaf.shops, p + 1, shops, p, len - 1 - p);
            ls = leaves.clone();
            ls[l] = Leaf.of(seqs, shops);
            es = ends.clone();
            for (int k = l; k < es.length; k++) {
                es[k]--;
            }
            if (p == 0) {
                fs = firstSeqs.clone();
                fs[l] = seqs[0];
            } else {
                fs = firstSeqs;
            }
        }
        final int b = h & mask;
        final int[] old = pages[b >>> PAGE_BITS][b & PAGE_MASK];
        final int[] pairs = new int[old.length - 2];
        for (int k = 0, o = 0; k < old.length; k += 2) {
            if (old[k + 1] != seq) {
                pairs[o++] = old[k];
                pairs[o++] = old[k + 1];
            }
        }
        final ShopList out = new ShopList(ls, es, fs, size - 1, nextSeq, withBucket(b, pairs.length == 0 ? NO_PAIRS
                : pairs), mask, false);
        // Removals leave leaves part empty: re-pack when they hold a quarter of what they could.
        return ls.length > 8 && ls.length > 4 * ((size - 1) / LEAF + 1) ? out.repacked() : out;
    }

    private int[][][] withBucket(int b, int[] pairs) {
        final int[][][] ps = pages.clone();
        final int[][] page = ps[b >>> PAGE_BITS].clone();
        page[b & PAGE_MASK] = pairs;
        ps[b >>> PAGE_BITS] = page;
        return ps;
    }

    /** The same entries, numbers and index, in full leaves. */
    private ShopList repacked() {
        final Shop[] shops = new Shop[size];
        final int[] seqs = new int[size];
        flatten(shops, seqs);
        final int leafCount = (size + LEAF - 1) / LEAF;
        final Leaf[] ls = new Leaf[leafCount];
        final int[] es = new int[leafCount];
        final int[] fs = new int[leafCount];
        for (int l = 0; l < leafCount; l++) {
            final int from = l * LEAF;
            final int to = Math.min(size, from + LEAF);
            ls[l] = Leaf.of(Arrays.copyOfRange(seqs, from, to), Arrays.copyOfRange(shops, from, to));
            es[l] = to;
            fs[l] = seqs[from];
        }
        return new ShopList(ls, es, fs, size, nextSeq, pages, mask, false);
    }

    /** These leaves with an index of more buckets. */
    private static ShopList reindexed(Leaf[] ls, int[] es, int[] fs, int n, int nextSeq) {
        final ShopList tmp = new ShopList(ls, es, fs, n, nextSeq, new int[][][] {{NO_PAIRS}}, 0, false);
        final Shop[] shops = new Shop[n];
        final int[] seqs = new int[n];
        tmp.flatten(shops, seqs);
        final ShopList fresh = build(shops, seqs, n, nextSeq);
        // Keep the leaves themselves: lists made from one another still share them.
        return new ShopList(ls, es, fs, n, nextSeq, fresh.pages, fresh.mask, fresh.duplicates);
    }

    private void flatten(Shop[] shops, int[] seqs) {
        int o = 0;
        for (Leaf leaf : leaves) {
            System.arraycopy(leaf.shops, 0, shops, o, leaf.shops.length);
            System.arraycopy(leaf.seqs(), 0, seqs, o, leaf.size());
            o += leaf.shops.length;
        }
    }

    /** Many changes at once: one pass over the list, numbers kept. */
    private ShopList bulk(Collection<Shop> upserts, Collection<String> deletes) {
        final Map<String, Shop> up = new LinkedHashMap<>();
        for (Shop s : upserts) {
            up.put(s.id(), s);
        }
        final Set<String> del = new HashSet<>(deletes);
        final Shop[] shops = new Shop[size + up.size()];
        final int[] seqs = new int[shops.length];
        int n = 0;
        for (Leaf leaf : leaves) {
            for (int k = 0; k < leaf.shops.length; k++) {
                final String id = leaf.shops[k].id();
                if (del.contains(id)) {
                    continue;
                }
                final Shop replaced = up.remove(id);
                shops[n] = replaced != null ? replaced : leaf.shops[k];
                seqs[n++] = leaf.seq(k);
            }
        }
        if ((long) nextSeq + up.size() >= Integer.MAX_VALUE) {
            final List<Shop> all = new ArrayList<>(Arrays.asList(shops).subList(0, n));
            all.addAll(up.values());
            return of(all);
        }
        int seq = nextSeq;
        for (Shop s : up.values()) {
            shops[n] = s;
            seqs[n++] = seq++;
        }
        return build(shops, seqs, n, seq);
    }

    private ShopList plainWith(Shop shop) {
        final List<Shop> out = new ArrayList<>(size + 1);
        boolean found = false;
        for (Shop s : this) {
            if (Objects.equals(s.id(), shop.id())) {
                found = true;
                out.add(shop);
            } else {
                out.add(s);
            }
        }
        if (!found) {
            out.add(shop);
        }
        return of(out);
    }

    private ShopList plainWithout(String id) {
        final List<Shop> out = new ArrayList<>(size);
        for (Shop s : this) {
            if (!Objects.equals(s.id(), id)) {
                out.add(s);
            }
        }
        return out.size() == size ? this : of(out);
    }

    /** By id through maps, as the stores always compared states: for lists with an id twice. */
    private @Nullable ShopChanges plainChanges(ShopList next, int limit) {
        final Map<String, Shop> before = new LinkedHashMap<>();
        for (Shop s : this) {
            before.put(s.id(), s);
        }
        final Map<String, Shop> upserts = new LinkedHashMap<>();
        for (Shop s : next) {
            if (!s.equals(before.remove(s.id()))) {
                upserts.put(s.id(), s);
            }
        }
        if (upserts.size() + before.size() > limit) {
            return null;
        }
        return new ShopChanges(new ArrayList<>(upserts.values()), new ArrayList<>(before.keySet()));
    }
}
