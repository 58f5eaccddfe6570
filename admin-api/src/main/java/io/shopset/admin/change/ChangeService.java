package io.shopset.admin.change;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shopset.admin.api.ApiException;
import io.shopset.admin.auth.Principal;
import io.shopset.routing.config.ConfigError;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.config.Mappers;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.store.ChangeRecord;
import io.shopset.routing.store.RoutingStore;
import io.shopset.routing.store.StoreConflictException;
import io.shopset.routing.store.StoreUnavailableException;
import io.shopset.routing.store.VersionedState;

/**
 * Applies admin mutations: read the store's current state → compute the next one → write it with
 * compare-and-set on the version; the store validates it with the routing validator (every rule;
 * any error refuses the change, here turned into 400/409) before it persists or publishes
 * anything, then publishes it into the routing table and records the change, with the token's
 * name, in the audit log. Nothing is half-applied. (Validation runs once per attempt, inside the
 * store's snapshot build: for a change of a few shops, of those shops only; for any other change,
 * of the whole state, which at a million shops takes seconds.)
 *
 * <p>Concurrency: routes run one at a time on the admin thread, but another replica (Redis) or the
 * file watcher may write between the read and the write; the store then refuses the write and the
 * mutation is computed again on the newer state (its {@code If-Match} preconditions re-checked), up
 * to {@link #MAX_ATTEMPTS} times, then 409. So two admins never lose each other's update: the
 * second either applies on top of the first or gets 409.
 */
public final class ChangeService {

    static final int MAX_ATTEMPTS = 5;

    private static final Logger logger = LoggerFactory.getLogger(ChangeService.class);

    private final RoutingStore store;
    private final Clock clock;

    public ChangeService(RoutingStore store, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
    }

    public RoutingStore store() {
        return store;
    }

    /** The clock changes are stamped with (and warm-up deadlines computed on). */
    public Clock clock() {
        return clock;
    }

    /** Applies {@code mutation} for {@code who}; invalid results are refused with 400 or 409. */
    public Applied apply(Principal who, Mutation mutation) {
        return apply(who, mutation, false);
    }

    /**
     * As {@link #apply(Principal, Mutation)}; with {@code invalidIsBadInput} every validation error
     * is a 400 (an imported document is input as a whole).
     */
    public Applied apply(Principal who, Mutation mutation, boolean invalidIsBadInput) {
        requireNonNull(who, "who");
        for (int attempt = 1; ; attempt++) {
            final VersionedState cur = store.current();
            final Outcome o = mutation.compute(cur.state());
            if (o.next() == cur.state() || o.next().equals(cur.state())) {
                return new Applied(cur.state(), cur.version(), false);
            }
            final ChangeRecord record = new ChangeRecord(who.name(), o.action(), o.target(), json(o.before()),
                                                         json(o.after()), clock.instant(), 0);
            try {
                final long v = store.write(cur.version(), o.next(), record);
                logger.info("v{}: {} {} by {}", v, o.action(), o.target(), who.name());
                return new Applied(o.next(), v, true);
            } catch (StoreConflictException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw ApiException.conflict("the routing state kept changing under this request (" +
                                                e.getMessage() + "); try again", null);
                }
                logger.debug("{} {}: {}; computing it again", o.action(), o.target(), e.getMessage());
            } catch (ConfigException e) {
                throw refuse(e.errors(), o, invalidIsBadInput);
            } catch (StoreUnavailableException e) {
                throw new ApiException(503, "the routing store is unavailable: " + e.getMessage(), null);
            }
        }
    }

    private static ApiException refuse(List<ConfigError> errors, Outcome o, boolean invalidIsBadInput) {
        final ApiException e = ValidationErrors.toApiException(errors, o.next(), o.scope());
        return invalidIsBadInput && e.status() != 400 ? new ApiException(400, e.getMessage(), e.field()) : e;
    }

    private static @Nullable JsonNode json(@Nullable Object o) {
        return o == null ? null : Mappers.json().valueToTree(o);
    }
}
