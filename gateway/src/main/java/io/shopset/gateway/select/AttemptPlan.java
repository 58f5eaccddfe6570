package io.shopset.gateway.select;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.shopset.gateway.health.EndpointState;
import io.shopset.gateway.lb.EndpointPicker;
import io.shopset.gateway.resolve.DataPlaneSnapshot;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.model.ShopSet;

/**
 * The upstream attempts of one request, in order: the shop's candidate ShopSets (with
 * {@code preferLocalFailureDomain}, those in the gateway's own domain first), skipping any that is
 * draining, has no available endpoint, or whose breaker refuses; inside each, endpoints as
 * {@link EndpointPicker} ranks them, skipping those already tried.
 *
 * <p>Every attempt that starts ends exactly once — {@link #succeeded}, {@link #failed} or
 * {@link #abandoned} — which keeps the endpoint's requests-in-flight count, the outlier detector and
 * the breaker's permits right.
 *
 * <p>Concurrency: one per client connection, reused for each exchange, touched only on its event
 * loop. Allocation-free.
 */
public final class AttemptPlan {

    /** Recorded as the breaker's error: one shared instance, no stack trace. */
    private static final Exception UPSTREAM_FAILURE = new Exception("upstream failure", null, false, false) {
        private static final long serialVersionUID = 1L;
    };

    /** Endpoints tried in one ShopSet before moving on to the next ShopSet. */
    static final int TRIES_PER_SHOPSET = 2;

    private final SelectionPolicy policy;
    private int triesInCandidate;
    private @Nullable ShopRoute route;
    private @Nullable DataPlaneSnapshot snapshot;
    private int candidate;
    private int pass;
    private long excluded;
    private int attempts;
    private @Nullable String first;
    private boolean failedOver;
    private boolean retryHeld;
    // The current attempt.
    private @Nullable Backend backend;
    private int endpoint = -1;
    private @Nullable EndpointState state;
    private boolean inProgress;
    private long attemptStart;

    public AttemptPlan(SelectionPolicy policy) {
        this.policy = policy;
    }

    /** Starts planning for a new request to {@code route}. */
    public void reset(ShopRoute route, DataPlaneSnapshot snapshot) {
        this.route = route;
        this.snapshot = snapshot;
        candidate = 0;
        pass = policy.localDomain() == null ? 1 : 0;
        excluded = 0;
        triesInCandidate = 0;
        attempts = 0;
        first = null;
        failedOver = false;
        backend = null;
        endpoint = -1;
        state = null;
        inProgress = false;
    }

    /**
     * Chooses the next attempt and counts it as started.
     *
     * @return false when no ShopSet and endpoint is left to try (or the attempt limit is reached)
     */
    public boolean next() {
        if (attempts >= policy.maxAttempts()) {
            return false;
        }
        final long now = policy.ticker().nanos();
        final ShopRoute r = route;
        final int n = r.candidates().size();
        for (; pass < 2; pass++, candidate = 0, excluded = 0, triesInCandidate = 0) {
            for (; candidate < n; candidate++, excluded = 0, triesInCandidate = 0) {
                if (triesInCandidate >= TRIES_PER_SHOPSET) {
                    continue;
                }
                final ShopSet spec = r.candidates().get(candidate);
                if (!inPass(spec)) {
                    continue;
                }
                if (first == null) {
                    first = spec.name();
                }
                final Backend b = snapshot.backend(spec.name());
                if (b == null || !b.available(now)) {
                    continue;
                }
                final int e = EndpointPicker.pick(b, r.hash(), excluded, now);
                if (e < 0) {
                    continue;
                }
                if (!b.breaker().tryAcquirePermission()) {
                    continue;
                }
                start(b, e, now);
                return true;
            }
        }
        return false;
    }

    private boolean inPass(ShopSet spec) {
        final String local = policy.localDomain();
        if (local == null) {
            return true;
        }
        return (pass == 0) == local.equals(spec.failureDomain());
    }

    private void start(Backend b, int e, long now) {
        failedOver = !b.name().equals(first);
        backend = b;
        endpoint = e;
        state = b.state(e);
        state.requestStarted();
        attempts++;
        triesInCandidate++;
        attemptStart = now;
        inProgress = true;
        if (e < 64) {
            excluded |= 1L << e;
        }
    }

    /**
     * Starts another attempt on the same endpoint, on a fresh connection, after a pooled one turned
     * out closed. Not counted against the attempt limit: the request never reached the endpoint, and
     * a fresh connection cannot be stale, so this happens at most once per endpoint.
     *
     * @return false when the breaker refuses
     */
    public boolean resume() {
        if (backend == null || inProgress || !backend.breaker().tryAcquirePermission()) {
            return false;
        }
        state.requestStarted();
        attemptStart = policy.ticker().nanos();
        inProgress = true;
        return true;
    }

    /** The attempt got a response head with {@code status}: a 5xx counts against the endpoint. */
    public void succeeded(int status) {
        if (!inProgress) {
            return;
        }
        inProgress = false;
        state.requestEnded();
        final long took = policy.ticker().nanos() - attemptStart;
        if (status >= 500) {
            policy.outliers().failure(state, backend.states());
            backend.breaker().onError(took, TimeUnit.NANOSECONDS, UPSTREAM_FAILURE);
        } else {
            policy.outliers().success(state);
            backend.breaker().onSuccess(took, TimeUnit.NANOSECONDS);
        }
    }

    /** The attempt failed before a response head: connect failure, reset or timeout. */
    public void failed() {
        if (!inProgress) {
            return;
        }
        inProgress = false;
        state.requestEnded();
        policy.outliers().failure(state, backend.states());
        backend.breaker().onError(policy.ticker().nanos() - attemptStart, TimeUnit.NANOSECONDS, UPSTREAM_FAILURE);
    }

    /** The attempt ended without a verdict on the upstream (the client went away). */
    public void abandoned() {
        if (!inProgress) {
            return;
        }
        inProgress = false;
        state.requestEnded();
        backend.breaker().releasePermission();
    }

    /**
     * Takes a retry from the budget for a request that reached an upstream (held until
     * {@link #finish()}); retries that never reached one need none.
     */
    public boolean tryBudgetedRetry() {
        if (retryHeld) {
            return true;
        }
        retryHeld = policy.retryBudget().tryAcquire();
        return retryHeld;
    }

    /** The request is over: give back what it holds. */
    public void finish() {
        abandoned();
        if (retryHeld) {
            retryHeld = false;
            policy.retryBudget().release();
        }
        route = null;
        snapshot = null;
        backend = null;
        state = null;
        endpoint = -1;
        attempts = 0;
    }

    public @Nullable Backend backend() {
        return backend;
    }

    public int endpoint() {
        return endpoint;
    }

    public InetSocketAddress address() {
        return backend.address(endpoint);
    }

    public int attempts() {
        return attempts;
    }

    public boolean canAttemptAgain() {
        return attempts < policy.maxAttempts();
    }

    /** Whether the current attempt goes to a ShopSet other than the shop's first (in preference order). */
    public boolean failedOver() {
        return failedOver;
    }
}
