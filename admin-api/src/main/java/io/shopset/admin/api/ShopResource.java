package io.shopset.admin.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;

import io.shopset.admin.auth.Role;
import io.shopset.admin.change.Applied;
import io.shopset.admin.change.ChangeService;
import io.shopset.admin.change.Outcome;
import io.shopset.routing.model.Limits;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.config.Durations;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.Warmup;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.place.DrainPlanner;
import io.shopset.routing.place.Placements;

/**
 * {@code /api/v1/shops}: list (prefix, limit, cursor), get (with ETag), create or replace and
 * delete (admin; both honour {@code If-Match}), isolate and restore (operator; idempotent).
 */
public final class ShopResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final Duration MAX_WARMUP = Duration.ofHours(24);

    /** The fields a PUT may carry; {@code isolated}, {@code placement} and {@code warmup} are read-only and ignored. */
    record ShopBody(@Nullable String id, @Nullable List<String> hosts, @Nullable String configuration,
                    @Nullable String tier, @Nullable List<String> shopsets, @Nullable Limits limits,
                    @Nullable List<String> rememberedShopsets, @Nullable Boolean isolated,
                    @Nullable String placement, @Nullable Object warmup) {
    }

    private final ChangeService changes;
    private final ToLongFunction<String> mirrored;
    // The shop ids of one state, sorted, for paging. Only the admin thread touches these.
    private @Nullable RoutingState indexed;
    private Shop[] sorted = new Shop[0];

    private ShopResource(ChangeService changes, ToLongFunction<String> mirrored) {
        this.changes = changes;
        this.mirrored = mirrored;
    }

    public static void register(Router router, ChangeService changes) {
        register(router, changes, shop -> 0);
    }

    /** @param mirrored how many of a warming shop's requests the data plane mirrored so far */
    public static void register(Router router, ChangeService changes, ToLongFunction<String> mirrored) {
        final ShopResource r = new ShopResource(changes, mirrored);
        router.add(new Route("GET", "/api/v1/shops", Role.VIEWER, r::list));
        router.add(new Route("GET", "/api/v1/shops/{id}", Role.VIEWER, r::get));
        router.add(new Route("PUT", "/api/v1/shops/{id}", Role.ADMIN, r::put));
        router.add(new Route("DELETE", "/api/v1/shops/{id}", Role.ADMIN, r::delete));
        router.add(new Route("POST", "/api/v1/shops/{id}/isolate", Role.OPERATOR, r::isolate));
        router.add(new Route("POST", "/api/v1/shops/{id}/restore", Role.OPERATOR, r::restore));
    }

    private AdminResponse list(AdminRequest req) {
        final String prefix = req.queryParam("prefix") == null ? "" : req.queryParam("prefix");
        final int limit = limit(req.queryParam("limit"));
        final String after = cursor(req.queryParam("cursor"));
        final RoutingState state = changes.store().current().state();
        final Shop[] shops = sorted(state);
        int i = after == null || after.compareTo(prefix) < 0 ? lowerBound(shops, prefix, false)
                : lowerBound(shops, after, true);
        final List<Map<String, Object>> page = new ArrayList<>(limit);
        String last = null;
        for (; i < shops.length && page.size() < limit && shops[i].id().startsWith(prefix); i++) {
            page.add(Views.shop(shops[i], state, mirrored));
            last = shops[i].id();
        }
        final boolean more = i < shops.length && shops[i].id().startsWith(prefix);
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("shops", page);
        body.put("next", more && last != null ? encodeCursor(last) : null);
        return AdminResponse.json(body);
    }

    private AdminResponse get(AdminRequest req) {
        final String id = req.pathParam("id");
        final RoutingState state = changes.store().current().state();
        final Shop shop = States.shop(state, id);
        if (shop == null) {
            throw ApiException.notFound("unknown shop \"" + id + '"');
        }
        return shopResponse(200, shop, state);
    }

    private AdminResponse put(AdminRequest req) {
        final String id = req.pathParam("id");
        final ShopBody body = Bodies.bind(Bodies.object(req, false), ShopBody.class);
        if (body.id() != null && !body.id().equals(id)) {
            throw ApiException.badRequest("id \"" + body.id() + "\" differs from the path's \"" + id + '"', "id");
        }
        if (body.placement() != null && !body.placement().equals("explicit") && !body.placement().equals("placer")) {
            throw ApiException.badRequest("expected explicit or placer", "placement");
        }
        final List<String> shopsets = "placer".equals(body.placement()) ? null : body.shopsets();
        final Shop shop = new Shop(id, body.hosts(), body.configuration(), body.tier(), shopsets, body.limits(),
                                   body.rememberedShopsets());
        final boolean[] created = new boolean[1];
        final Shop[] written = {shop};
        final Applied applied = changes.apply(req.who(), current -> {
            final Shop before = States.shop(current, id);
            ETags.check(req, before, "shop \"" + id + '"');
            created[0] = before == null;
            // A warm-up in progress is not part of the body: it goes on (isolate and restore change it).
            final Shop kept = before == null || before.warmup() == null ? shop : shop.withWarmup(before.warmup());
            written[0] = kept;
            final RoutingState next = States.withShop(current, id, kept);
            return new Outcome(next, before == null ? "create-shop" : "replace-shop", "shop/" + id, before, kept,
                               "shops[" + id + ']');
        });
        return shopResponse(created[0] && applied.changed() ? 201 : 200, written[0], applied.state());
    }

    private AdminResponse delete(AdminRequest req) {
        final String id = req.pathParam("id");
        changes.apply(req.who(), current -> {
            final Shop before = States.shop(current, id);
            if (before == null) {
                throw ApiException.notFound("unknown shop \"" + id + '"');
            }
            ETags.check(req, before, "shop \"" + id + '"');
            return new Outcome(States.withShop(current, id, null), "delete-shop", "shop/" + id, before, null, null);
        });
        return new AdminResponse(204, "application/json", new byte[0], Map.of());
    }

    private AdminResponse isolate(AdminRequest req) {
        final String id = req.pathParam("id");
        final var body = Bodies.object(req, false);
        Bodies.onlyKnown(body, java.util.Set.of("shopset", "warmup"));
        final String target = Bodies.string(body, "shopset", true);
        final Duration warmup = warmup(Bodies.string(body, "warmup", false));
        final Applied applied = changes.apply(req.who(), current -> {
            final Shop shop = existing(current, id);
            ETags.check(req, shop, "shop \"" + id + '"');
            final ShopSet set = States.shopSet(current, target);
            if (set == null) {
                throw ApiException.badRequest("unknown ShopSet \"" + target + '"', "shopset");
            }
            if (!set.dedicated()) {
                throw ApiException.badRequest("ShopSet \"" + target + "\" is not dedicated (isolate needs a " +
                                              "dedicated ShopSet)", "shopset");
            }
            if (!set.configuration().equals(shop.configuration())) {
                throw ApiException.conflict("ShopSet \"" + target + "\" has configuration \"" + set.configuration() +
                                            "\" but shop \"" + id + "\" has \"" + shop.configuration() + '"', "shopset");
            }
            if (shop.isolated() && List.of(target).equals(shop.shopsets())) {
                return new Outcome(current, "isolate", "shop/" + id, shop, shop, null);
            }
            if (warmup != null && shop.warmup() != null && shop.warmup().target().equals(target)) {
                return new Outcome(current, "warmup", "shop/" + id, shop, shop, null);
            }
            if (set.draining()) {
                throw ApiException.conflict("ShopSet \"" + target + "\" is draining", "shopset");
            }
            if (warmup != null) {
                if (shop.isolated()) {
                    throw ApiException.conflict("shop \"" + id + "\" is already isolated on " + shop.shopsets() +
                                                "; a warm-up prepares a first isolation (isolate without warmup " +
                                                "to move it now)", "warmup");
                }
                final Shop next = shop.withWarmup(Warmup.of(target, changes.clock().instant().plus(warmup)));
                return new Outcome(States.withShop(current, id, next), "warmup", "shop/" + id, shop, next,
                                   "shops[" + id + ']');
            }
            final List<String> remembered = shop.isolated() ? shop.rememberedShopsets()
                    : Placements.of(shop, current);
            final Shop next = States.mapPlacement(shop, List.of(target), remembered);
            return new Outcome(States.withShop(current, id, next), "isolate", "shop/" + id, shop, next,
                               "shops[" + id + ']');
        });
        return shopResponse(200, existing(applied.state(), id), applied.state());
    }

    private AdminResponse restore(AdminRequest req) {
        final String id = req.pathParam("id");
        Bodies.onlyKnown(Bodies.object(req, true), java.util.Set.of());
        final Applied applied = changes.apply(req.who(), current -> {
            final Shop shop = existing(current, id);
            ETags.check(req, shop, "shop \"" + id + '"');
            if (!shop.isolated() && shop.warmup() != null) {
                final Shop next = shop.withWarmup(null);
                return new Outcome(States.withShop(current, id, next), "restore", "shop/" + id, shop, next,
                                   "shops[" + id + ']');
            }
            if (!shop.isolated()) {
                return new Outcome(current, "restore", "shop/" + id, shop, shop, null);
            }
            final List<String> back = DrainPlanner.withoutDraining(shop, shop.rememberedShopsets(), current);
            if (back.isEmpty()) {
                throw ApiException.conflict("shop \"" + id + "\" has no ShopSet to return to: its remembered " +
                                            "placement " + shop.rememberedShopsets() + " is draining", null);
            }
            final Shop next = States.mapPlacement(shop, back, null);
            return new Outcome(States.withShop(current, id, next), "restore", "shop/" + id, shop, next,
                               "shops[" + id + ']');
        });
        return shopResponse(200, existing(applied.state(), id), applied.state());
    }

    private static Shop existing(RoutingState state, String id) {
        final Shop shop = States.shop(state, id);
        if (shop == null) {
            throw ApiException.notFound("unknown shop \"" + id + '"');
        }
        return shop;
    }

    private AdminResponse shopResponse(int status, Shop shop, RoutingState state) {
        return AdminResponse.json(status, Views.shop(shop, state, mirrored)).withHeader("ETag", ETags.of(shop));
    }

    /** The {@code warmup} of an isolate body: a positive duration up to a day, or {@code null}. */
    private static @Nullable Duration warmup(@Nullable String text) {
        if (text == null) {
            return null;
        }
        final Duration d = Durations.parse(text);
        if (d == null || d.isZero() || d.compareTo(MAX_WARMUP) > 0) {
            throw ApiException.badRequest("\"" + text + "\" (expected: a duration from 1ms to 24h, e.g. 5m)",
                                          "warmup");
        }
        return d;
    }

    private Shop[] sorted(RoutingState state) {
        if (indexed != state) {
            final Shop[] shops = state.shops().toArray(new Shop[0]);
            Arrays.sort(shops, (a, b) -> a.id().compareTo(b.id()));
            sorted = shops;
            indexed = state;
        }
        return sorted;
    }

    private static int limit(@Nullable String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            final int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badRequest("\"" + text + "\" (expected: a whole number from 1 to " + MAX_LIMIT + ')',
                                      "limit");
    }

    private static @Nullable String cursor(@Nullable String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            final String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            if (s.startsWith("s:")) {
                return s.substring(2);
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw ApiException.badRequest("invalid cursor (pass the \"next\" of the previous page)", "cursor");
    }

    private static String encodeCursor(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("s:" + lastId).getBytes(StandardCharsets.UTF_8));
    }

    /** The first index whose id is {@code >= key} ({@code > key} when {@code strictly}). */
    private static int lowerBound(Shop[] shops, String key, boolean strictly) {
        int lo = 0;
        int hi = shops.length;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            final int c = shops[mid].id().compareTo(key);
            if (c < 0 || (strictly && c == 0)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
