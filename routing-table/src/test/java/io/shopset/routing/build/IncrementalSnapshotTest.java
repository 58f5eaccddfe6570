package io.shopset.routing.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.config.ConfigError;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.model.DefaultLimits;
import io.shopset.routing.model.Endpoint;
import io.shopset.routing.model.FailureDomain;
import io.shopset.routing.model.Limits;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopChanges;
import io.shopset.routing.model.ShopList;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.model.Tier;
import io.shopset.routing.place.Placements;
import io.shopset.routing.validate.RoutingValidator;

/**
 * The incremental path against the whole one, over seeded random sequences of shop changes, valid
 * and not: {@link RoutingValidator#validateChanges} gives exactly the errors {@link
 * RoutingValidator#validate} gives; a valid change built with {@link SnapshotBuilder#update} from
 * the previous (itself incremental) snapshot routes every host and id exactly as a whole
 * {@link SnapshotBuilder#build} of the same state; host-table folds finish at once, late, or on the
 * background thread.
 */
class IncrementalSnapshotTest {

    static final List<String> SETS = List.of("prod-a1", "prod-a2", "prod-b1", "prod-b2", "prod-c1", "old-b", "stg-a",
                                              "vip-1", "vip-2", "nope");

    /** An executor whose tasks run when the test says. */
    static final class ManualExecutor implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }
    }

    @Test
    void incrementalValidationAndSnapshotsMatchWholeOnesOverRandomChangeSequences() throws Exception {
        for (long seed = 1; seed <= 6; seed++) {
            final Random rnd = new Random(seed);
            final ManualExecutor manual = new ManualExecutor();
            final Executor folds = switch ((int) (seed % 3)) {
                case 0 -> Runnable::run;
                case 1 -> manual;
                default -> null;
            };
            run(rnd, folds, manual);
        }
    }

    @Test
    void resolveAllocatesNothingOnSnapshotsMadeByUpdatesAndFolds() throws Exception {
        final List<Shop> initial = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            initial.add(new Shop("s" + i, List.of("www.s" + i + ".example"), null, null, null, null, null));
        }
        RoutingState state = withShops(meta(), ShopList.of(initial));
        final ManualExecutor folds = new ManualExecutor();
        RoutingSnapshot snap = SnapshotBuilder.build(state, 1, folds);
        for (int i = 0; i < 3_000; i++) {
            final Shop s = state.shopList().get(i * 7 % 20_000);
            final Shop moved = new Shop(s.id(), List.of("www.moved-" + i + ".example"), null, null,
                                        List.of("prod-a1", "prod-c1"), null, null);
            state = withShops(state, state.shopList().with(moved));
            snap = SnapshotBuilder.update(snap, state, snap.version() + 1);
            if (i == 1_500) {
                assertThat(snap.hostIndex().overlaySize()).isPositive();
                assertThat(allocatedByResolve(snap)).as("with overlays").isZero();
                while (!folds.tasks.isEmpty()) {
                    folds.tasks.poll().run();
                }
            }
        }
        for (int k = 1; !folds.tasks.isEmpty(); k++) {
            folds.tasks.poll().run();
            // The next update moves onto the folded tables.
            state = withShops(state, state.shopList().without("s" + k));
            snap = SnapshotBuilder.update(snap, state, snap.version() + 1);
        }
        assertThat(snap.hostIndex().overlaySize()).as("folded into a new base").isLessThan(100);
        assertThat(snap.resolve("www.moved-2999.example").candidates()).extracting(ShopSet::name)
                .containsExactly("prod-a1", "prod-c1");
        assertThat(snap.resolve("www.s1.example")).isNull();
        assertThat(allocatedByResolve(snap)).as("after folds").isZero();
    }

    /** Heap bytes resolving custom, platform and unknown hosts allocates; the least of three runs. */
    private static long allocatedByResolve(RoutingSnapshot snap) {
        final StringBuilder[] hosts = new StringBuilder[96];
        for (int i = 0; i < 32; i++) {
            hosts[3 * i] = new StringBuilder("WWW.S" + (i * 613) + ".Example:443");
            hosts[3 * i + 1] = new StringBuilder("s" + (i * 617) + ".Shops.Test");
            hosts[3 * i + 2] = new StringBuilder("www.moved-" + (i * 97) + ".example.");
        }
        final com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int found = 0;
        for (int r = 0; r < 30_000; r++) {
            found += snap.resolve(hosts[r % 96]) != null ? 1 : 0;
        }
        long least = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            final long before = mx.getCurrentThreadAllocatedBytes();
            for (int r = 0; r < 200_000; r++) {
                found += snap.resolve(hosts[r % 96]) != null ? 1 : 0;
            }
            least = Math.min(least, mx.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(found).isPositive();
        return least;
    }

    private static void run(Random rnd, Executor folds, ManualExecutor manual) throws Exception {
        RoutingState state = initial(rnd, 300 + rnd.nextInt(300));
        RoutingSnapshot snap = SnapshotBuilder.build(state, 1, folds);
        final Set<String> ids = new LinkedHashSet<>();
        state.shops().forEach(s -> ids.add(s.id()));
        int valid = 0;
        int invalid = 0;
        int incremental = 0;
        for (int step = 0; step < 500; step++) {
            ShopList shops = state.shopList();
            final int edits = rnd.nextInt(6) == 0 ? 2 + rnd.nextInt(4) : 1;
            for (int e = 0; e < edits; e++) {
                shops = edit(rnd, shops, state, ids);
            }
            final RoutingState next = withShops(state, shops);
            final ShopChanges changes = state.shopList().changesTo(shops, Integer.MAX_VALUE);
            final RoutingSnapshot prev = snap;
            final List<ConfigError> whole = RoutingValidator.validate(next);
            final List<ConfigError> partial = RoutingValidator.validateChanges(next, changes, h -> {
                final ShopRoute r = prev.hostIndex().get(h);
                return r == null ? null : r.id();
            });
            assertThat(partial).as("step %d: %s", step, changes).isEqualTo(whole);
            if (!whole.isEmpty()) {
                invalid++;
                assertThatThrownBy(() -> SnapshotBuilder.update(prev, next, prev.version() + 1))
                        .isInstanceOfSatisfying(ConfigException.class, ex -> assertThat(ex.errors()).isEqualTo(whole));
                continue;
            }
            valid++;
            final RoutingSnapshot updated = SnapshotBuilder.update(prev, next, prev.version() + 1);
            assertThat(updated).as("a change of %d shops goes through update", changes.size()).isNotNull();
            incremental++;
            final RoutingSnapshot rebuilt = SnapshotBuilder.build(next, prev.version() + 1);
            assertSameRouting(updated, rebuilt, ids, next, step % 10 == 0);
            snap = updated;
            state = next;
            if (folds == manual && rnd.nextInt(10) == 0) {
                while (!manual.tasks.isEmpty()) {
                    manual.tasks.poll().run();
                }
            }
        }
        assertThat(valid).isGreaterThan(100);
        assertThat(invalid).isGreaterThan(70);
        assertThat(incremental).isEqualTo(valid);
    }

    private static void assertSameRouting(RoutingSnapshot updated, RoutingSnapshot rebuilt, Set<String> ids,
                                          RoutingState state, boolean placements) {
        assertThat(updated.shopCount()).isEqualTo(rebuilt.shopCount());
        assertThat(updated.state()).isSameAs(state);
        for (String id : ids) {
            assertThat(updated.shop(id)).as(id).isEqualTo(rebuilt.shop(id));
            for (String host : List.of(id + ".shops.test", id.toUpperCase() + ".Alt.Example:8080")) {
                assertThat(updated.resolve(host)).as(host).isEqualTo(rebuilt.resolve(host));
            }
        }
        for (int k = 0; k < 200; k++) {
            for (String host : List.of("h" + k + ".example", "H" + k + ".EXAMPLE.", "x" + k + ".shops.test")) {
                assertThat(updated.resolve(host)).as(host).isEqualTo(rebuilt.resolve(host));
            }
        }
        for (Shop s : state.shops()) {
            for (String h : s.hosts()) {
                assertThat(updated.resolve(h)).as(h).isEqualTo(rebuilt.resolve(h)).isNotNull();
            }
        }
        if (placements) {
            assertThat(updated.placements()).isEqualTo(rebuilt.placements()).isEqualTo(Placements.all(state));
        }
    }

    /** One random edit of one shop (or a new shop, or a deletion), valid or not. */
    private static ShopList edit(Random rnd, ShopList shops, RoutingState state, Set<String> ids) {
        final int op = rnd.nextInt(20);
        if (op == 0 || shops.isEmpty()) {
            // A new shop: sometimes named like another shop's custom host's label, or badly.
            final String id = switch (rnd.nextInt(4)) {
                case 0 -> "x" + rnd.nextInt(200);
                case 1 -> rnd.nextInt(5) == 0 ? "Bad_Id" : "n" + rnd.nextInt(100_000);
                default -> "n" + rnd.nextInt(100_000);
            };
            ids.add(id);
            return shops.with(new Shop(id, hosts(rnd), null, null, null, null, null));
        }
        final Shop s = shops.get(rnd.nextInt(shops.size()));
        if (op == 1) {
            return shops.without(s.id());
        }
        return shops.with(switch (op % 6) {
            case 0 -> new Shop(s.id(), hosts(rnd), s.configuration(), s.tier(), s.shopsets(), s.limits(),
                               s.rememberedShopsets());
            case 1 -> s.isolated()
                    ? new Shop(s.id(), s.hosts(), s.configuration(), s.tier(),
                               rnd.nextBoolean() ? s.rememberedShopsets() : null, s.limits(), null)
                    : new Shop(s.id(), s.hosts(), s.configuration(), s.tier(), List.of(pick(rnd, "vip-1", "vip-2")),
                               s.limits(), Placements.of(s, state));
            case 2 -> new Shop(s.id(), s.hosts(), s.configuration(), s.tier(), placement(rnd), s.limits(),
                               rnd.nextInt(8) == 0 ? List.of("prod-a1") : s.rememberedShopsets());
            case 3 -> new Shop(s.id(), s.hosts(), rnd.nextInt(4) == 0 ? "staging" : "production",
                               pick(rnd, null, null, "prod", "dev", "gold"), s.shopsets(), s.limits(),
                               s.rememberedShopsets());
            case 4 -> new Shop(s.id(), s.hosts(), s.configuration(), s.tier(), s.shopsets(),
                               rnd.nextInt(4) == 0 ? new Limits(-1.0, null, null) : new Limits(10.0 + rnd.nextInt(5),
                                                                                               null, null),
                               s.rememberedShopsets());
            default -> new Shop(s.id(), hosts(rnd), s.configuration(), s.tier(), null, s.limits(), null);
        });
    }

    /** Custom hosts from a pool, so that shops collide now and then; some malformed. */
    private static List<String> hosts(Random rnd) {
        final List<String> out = new ArrayList<>();
        for (int n = rnd.nextInt(3); n > 0; n--) {
            out.add(switch (rnd.nextInt(12)) {
                case 0 -> "x" + rnd.nextInt(200) + ".shops.test";
                case 1 -> "n" + rnd.nextInt(100) + ".alt.example";
                case 2 -> "bad host!";
                case 3 -> "H" + rnd.nextInt(200) + ".Example";
                default -> "h" + rnd.nextInt(200) + ".example";
            });
        }
        return out;
    }

    private static List<String> placement(Random rnd) {
        final List<String> out = new ArrayList<>();
        for (int n = 1 + rnd.nextInt(2); n > 0; n--) {
            out.add(SETS.get(rnd.nextInt(rnd.nextInt(4) == 0 ? SETS.size() : 5)));
        }
        return out;
    }

    @SafeVarargs
    private static <T> T pick(Random rnd, T... values) {
        return values[rnd.nextInt(values.length)];
    }

    private static RoutingState initial(Random rnd, int n) {
        final List<Shop> shops = new ArrayList<>();
        final Set<String> used = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            final List<String> hosts = new ArrayList<>();
            for (String h : hosts(rnd)) {
                if (!h.startsWith("bad") && !h.startsWith("x") && !h.startsWith("n") && used.add(h.toLowerCase())) {
                    hosts.add(h);
                }
            }
            final List<String> explicit = rnd.nextInt(3) == 0 ? List.of("prod-a1", "prod-b2") : null;
            shops.add(new Shop("s" + i, hosts, null, null, explicit, null, null));
        }
        return withShops(meta(), ShopList.of(shops));
    }

    private static RoutingState meta() {
        final List<ShopSet> sets = new ArrayList<>();
        int port = 9000;
        for (String[] s : new String[][] {{"prod-a1", "dc-a"}, {"prod-a2", "dc-a"}, {"prod-b1", "dc-b"},
                                          {"prod-b2", "dc-b"}, {"prod-c1", "dc-c"}}) {
            sets.add(new ShopSet(s[0], "prod", "production", s[1], false, List.of(new Endpoint("127.0.0.1", port++)),
                                 null, 1.0 + sets.size() % 2, false));
        }
        sets.add(new ShopSet("old-b", "prod", "production", "dc-b", false, List.of(new Endpoint("127.0.0.1", port++)),
                             null, 1.0, true));
        sets.add(new ShopSet("stg-a", "dev", "staging", "dc-a", false, List.of(new Endpoint("127.0.0.1", port++)), null,
                             1.0, false));
        sets.add(new ShopSet("vip-1", "prod", "production", "dc-c", true, List.of(new Endpoint("127.0.0.1", port++)),
                             null, 1.0, false));
        sets.add(new ShopSet("vip-2", "prod", "production", "dc-a", true, List.of(new Endpoint("127.0.0.1", port++)),
                             null, 1.0, false));
        return new RoutingState(List.of("shops.test", "alt.example"), 2, List.of(new Tier("dev", 0), new Tier("prod", 30)),
                                List.of(new FailureDomain("dc-a"), new FailureDomain("dc-b"), new FailureDomain("dc-c")),
                                sets, List.of(), DefaultLimits.DEFAULT);
    }

    private static RoutingState withShops(RoutingState s, List<Shop> shops) {
        return new RoutingState(s.platformDomains(), s.replicas(), s.tiers(), s.failureDomains(), s.shopsets(), shops,
                                s.limits());
    }
}
