package io.shopset.admin.heal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shopset.admin.auth.Principal;
import io.shopset.admin.auth.Role;
import io.shopset.admin.change.ChangeService;
import io.shopset.admin.change.Outcome;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.place.DrainPlanner;
import io.shopset.routing.place.Placements;
import io.shopset.routing.place.Rebalancer;
import io.shopset.routing.place.RehomePlanner;
import io.shopset.routing.place.UnderReplication;
import io.shopset.routing.store.FileRoutingStore;
import io.shopset.routing.validate.RoutingValidator;

/**
 * The closing note's figure, as a test with the invariants asserted: 3 failure domains × 4
 * ShopSets, 10,000 shops placed by the placer on 2 replicas, over a real file store. ShopSet
 * prod-a1 dies: re-homing through the change service (plan, validate, snapshot build, atomic file
 * write, audit); then, with prod-a1 back and prod-b2 drained and undrained, a rebalance dry run with
 * Zipf-like rates. Prints before/after summaries and timings.
 */
class RehomeFigureTest {

    static final int SHOPS = 10_000;

    @TempDir
    Path dir;

    @Test
    void tenThousandShopsOffOneDeadShopSet() throws Exception {
        final StringBuilder yaml = new StringBuilder("""
                platformDomains: [shops.test]
                replicas: 2
                tiers: [{name: prod, level: 30}]
                failureDomains: [{name: dc-a}, {name: dc-b}, {name: dc-c}]
                shopsets:
                """);
        int port = 20_000;
        for (String d : List.of("a", "b", "c")) {
            for (int i = 1; i <= 4; i++) {
                yaml.append("  - {name: prod-").append(d).append(i).append(", tier: prod, failureDomain: dc-").append(d)
                    .append(", endpoints: [127.0.0.1:").append(port++).append(", 127.0.0.1:").append(port++)
                    .append("]}\n");
            }
        }
        yaml.append("shops:\n");
        for (int i = 0; i < SHOPS; i++) {
            yaml.append("  - {id: shop-").append(i).append("}\n");
        }
        final Path config = dir.resolve("shopset.yaml");
        Files.writeString(config, yaml);
        final RoutingTable table = new RoutingTable();
        final Path stateFile = dir.resolve("state.json");
        try (FileRoutingStore store = FileRoutingStore.open(config, ConfigLoader.load(config), stateFile,
                                                            FileRoutingStore.auditFileFor(stateFile), table, null,
                                                            r -> { })) {
            final ChangeService changes = new ChangeService(store, Clock.systemUTC());
            final RoutingState before = store.current().state();
            final Set<String> dead = Set.of("prod-a1");
            System.out.println("== re-home: 3 domains, 12 ShopSets (2 endpoints each), " + SHOPS +
                               " shops on 2 replicas; prod-a1 dies ==");
            System.out.println("before: shops per ShopSet " + perShopSet(before));
            System.out.println("        healthy replicas per shop " + histogram(before, Set.of()));
            System.out.println("prod-a1 down: healthy replicas per shop " + histogram(before, dead));

            for (int w = 0; w < 3; w++) {   // warm the JIT so the timed run below is not the first
                final long t0 = System.nanoTime();
                RehomePlanner.plan(before, dead, Set.of());
                final long t1 = System.nanoTime();
                Placements.all(before);
                final long t2 = System.nanoTime();
                System.out.printf("JIT warm-up round %d: plan %.1f ms, placements %.1f ms%n", w, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
            }
            final long p0 = System.nanoTime();
            final RehomePlanner.Plan plan = RehomePlanner.plan(before, dead, Set.of());
            final long planNanos = System.nanoTime() - p0;
            final long a0 = System.nanoTime();
            final RehomeService.Result result = new RehomeService(changes)
                    .rehome(Map.of("prod-a1", Duration.ofMinutes(2)), Set.of());
            final long applyNanos = System.nanoTime() - a0;
            final RoutingState after = store.current().state();

            System.out.printf("re-home: %d moves (%d shops), %d under-replicated; plan %.1f ms, " +
                              "apply (plan again + validate + snapshot + state file + audit) %.1f ms%n",
                              result.moves().size(), result.moves().stream().map(m -> m.shop()).distinct().count(),
                              result.underReplicated().size(), planNanos / 1e6, applyNanos / 1e6);
            System.out.println("after:  shops per ShopSet " + perShopSet(after));
            System.out.println("        healthy replicas per shop " + histogram(after, dead));
            final Map<String, Integer> targets = new TreeMap<>();
            result.moves().forEach(m -> targets.merge(m.to(), 1, Integer::sum));
            System.out.println("        new replicas went to " + targets);

            assertThat(result.written()).isTrue();
            assertThat(result.moves()).hasSameSizeAs(plan.moves());
            assertThat(result.underReplicated()).isEmpty();
            assertThat(UnderReplication.shops(after, Map.of(), dead)).isEmpty();
            assertThat(histogram(after, dead)).isEqualTo(Map.of(2, SHOPS));
            assertThat(targets).doesNotContainKey("prod-a1");
            assertThat(RoutingValidator.validate(after)).isEmpty();

            // prod-a1 comes back (empty); prod-b2 is drained for an upgrade and undrained.
            final Principal otto = new Principal("otto", Role.OPERATOR);
            changes.apply(otto, s -> new Outcome(DrainPlanner.plan(s, Set.of("prod-b2")).next(), "drain",
                                                 "shopset/prod-b2", null, null, null));
            changes.apply(otto, s -> new Outcome(DrainPlanner.withDraining(s, Set.of("prod-b2"), false), "undrain",
                                                 "shopset/prod-b2", null, null, null));
            final RoutingState undrained = store.current().state();
            final Map<String, Double> rates = zipfRates(undrained);
            System.out.println("== rebalance dry run after prod-a1's recovery and prod-b2's drain + undrain ==");
            System.out.println("before: shops per ShopSet " + perShopSet(undrained));
            for (Rebalancer.Budget budget : List.of(new Rebalancer.Budget(100, 0.1),
                                                    new Rebalancer.Budget(100_000, 0.1),
                                                    new Rebalancer.Budget(100_000, 1.0))) {
                final long r0 = System.nanoTime();
                final Rebalancer.Plan rb = Rebalancer.plan(undrained, rates, budget, Set.of());
                final long rNanos = System.nanoTime() - r0;
                System.out.printf("budget maxMoves=%d maxTrafficShare=%.2f: %d moves (%.2f%% of traffic), skipped %s;" +
                                  " %.1f ms%n  after: %s%n", budget.maxMoves(), budget.maxTrafficShare(),
                                  rb.moves().size(), 100 * rb.movedShare(), rb.skipped(), rNanos / 1e6,
                                  new TreeMap<>(rb.shopsAfter()));
                assertThat(rb.moves().size()).isLessThanOrEqualTo(budget.maxMoves());
                assertThat(rb.movedShare()).isLessThanOrEqualTo(budget.maxTrafficShare() + 1e-9);
                assertThat(RoutingValidator.validate(rb.next())).isEmpty();
            }
            assertThat(store.current().state()).as("dry runs change nothing").isEqualTo(undrained);
        }
    }

    private static Map<String, Integer> perShopSet(RoutingState state) {
        final Map<String, Integer> out = new TreeMap<>();
        for (ShopSet s : state.shopsets()) {
            out.put(s.name(), 0);
        }
        for (List<String> p : Placements.all(state).values()) {
            p.forEach(n -> out.merge(n, 1, Integer::sum));
        }
        return out;
    }

    /** Shops by their number of replicas not in {@code dead}. */
    private static Map<Integer, Integer> histogram(RoutingState state, Set<String> dead) {
        final Map<Integer, Integer> out = new TreeMap<>();
        for (List<String> p : Placements.all(state).values()) {
            out.merge((int) p.stream().filter(n -> !dead.contains(n)).count(), 1, Integer::sum);
        }
        return out;
    }

    /** Rates falling off like 1/rank over a random ranking of the shops, 50,000 rps in all. */
    private static Map<String, Double> zipfRates(RoutingState state) {
        final List<String> ids = new java.util.ArrayList<>(state.shops().stream().map(s -> s.id()).toList());
        java.util.Collections.shuffle(ids, new Random(7));
        double h = 0;
        for (int i = 1; i <= ids.size(); i++) {
            h += 1.0 / i;
        }
        final Map<String, Double> out = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            out.put(ids.get(i), 50_000 / h / (i + 1));
        }
        return out;
    }
}
