package io.shopset.admin.heal;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shopset.admin.auth.Principal;
import io.shopset.admin.auth.Role;
import io.shopset.admin.change.Applied;
import io.shopset.admin.change.ChangeService;
import io.shopset.admin.change.Outcome;
import io.shopset.routing.config.Durations;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.place.Move;
import io.shopset.routing.place.Placements;
import io.shopset.routing.place.RehomePlanner;

/**
 * Re-homes the shops of failed ShopSets through the single writer path: the
 * {@link ChangeService} (read the store's state, plan with {@link RehomePlanner}, write with
 * compare-and-set under the store's lock, audit). The plan is computed again on the state the write
 * is based on, so a second process that saw the same failure finds nothing left to move and writes
 * nothing. Audited as {@code who: self-healing}, {@code what: rehome}, with the reason (which
 * ShopSets, unhealthy for how long), the moves and the shops left under-replicated.
 */
public final class RehomeService {

    /** Who the audit log names for self-healing changes. */
    public static final Principal WHO = new Principal("self-healing", Role.ADMIN);

    private static final Logger logger = LoggerFactory.getLogger(RehomeService.class);

    private final ChangeService changes;

    public RehomeService(ChangeService changes) {
        this.changes = requireNonNull(changes, "changes");
    }

    /** What one call did. */
    public record Result(List<Move> moves, List<String> underReplicated, long version, boolean written) {
    }

    /**
     * Re-homes the shops of {@code failed} (ShopSet → how long it has been unhealthy), choosing no
     * ShopSet in {@code unavailable}.
     *
     * @throws io.shopset.admin.api.ApiException when the store refuses or cannot be written
     */
    public Result rehome(Map<String, Duration> failed, Set<String> unavailable) {
        final RehomePlanner.Plan[] plan = new RehomePlanner.Plan[1];
        final Applied applied = changes.apply(WHO, current -> {
            final Set<String> known = known(current, failed.keySet());
            plan[0] = RehomePlanner.plan(current, known, unavailable);
            if (plan[0].moves().isEmpty()) {
                return new Outcome(current, "rehome", target(known), null, null, null);
            }
            return new Outcome(plan[0].next(), "rehome", target(known), before(current, plan[0].moves()),
                               after(reason(failed, known), plan[0]), null);
        });
        if (applied.changed()) {
            logger.warn("{}: moved {} shop replica(s){}", reason(failed, failed.keySet()), plan[0].moves().size(),
                        plan[0].underReplicated().isEmpty() ? ""
                                : "; " + plan[0].underReplicated().size() + " shop(s) under-replicated (no valid ShopSet)");
        }
        return new Result(plan[0].moves(), plan[0].underReplicated(), applied.version(), applied.changed());
    }

    /** {@code rehome: prod-a unhealthy for 2m, prod-b unhealthy for 3m5s}. */
    static String reason(Map<String, Duration> failed, Set<String> names) {
        final StringBuilder sb = new StringBuilder("rehome: ");
        boolean first = true;
        for (String name : names) {
            final Duration d = failed.get(name);
            sb.append(first ? "" : ", ").append(name).append(" unhealthy for ")
              .append(d == null ? "?" : human(d));
            first = false;
        }
        return sb.toString();
    }

    /** A duration in whole seconds, written as the configuration writes them ({@code 2m}, {@code 125s}). */
    public static String human(Duration d) {
        final long s = d.toSeconds();
        if (s >= 60 && s % 60 != 0) {
            return s / 60 + "m" + s % 60 + "s";
        }
        return Durations.format(Duration.ofSeconds(s));
    }

    private static Set<String> known(RoutingState state, Set<String> names) {
        final Set<String> out = new LinkedHashSet<>();
        for (ShopSet s : state.shopsets()) {
            if (names.contains(s.name())) {
                out.add(s.name());
            }
        }
        return out;
    }

    private static String target(Set<String> names) {
        return names.size() == 1 ? "shopset/" + names.iterator().next() : "shopsets/" + String.join(",", names);
    }

    private static Map<String, Object> before(RoutingState state, List<Move> moves) {
        final Set<String> shops = new LinkedHashSet<>();
        for (Move m : moves) {
            shops.add(m.shop());
        }
        final Map<String, Object> placements = new LinkedHashMap<>();
        for (Shop s : state.shops()) {
            if (shops.contains(s.id())) {
                placements.put(s.id(), s.isolated() ? Map.of("shopsets", s.shopsets(), "rememberedShopsets",
                                                             s.rememberedShopsets())
                        : Placements.of(s, state));
            }
        }
        return Map.of("placements", placements);
    }

    private static Map<String, Object> after(String reason, RehomePlanner.Plan plan) {
        final List<Map<String, String>> moves = new ArrayList<>();
        for (Move m : plan.moves()) {
            moves.add(Map.of("shop", m.shop(), "from", m.from(), "to", m.to()));
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("reason", reason);
        out.put("moves", moves);
        out.put("underReplicated", plan.underReplicated());
        return out;
    }
}
