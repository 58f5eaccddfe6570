package io.shopset.loadtest.scenarios;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.shopset.loadtest.harness.LoadTarget;
import io.shopset.loadtest.harness.TrafficRecorder;

/**
 * A storefront visit through the gateway: {@code GET /} with the fed shop's {@code Host}, its send
 * time kept in the session ({@link #SENT_NANOS}). Every response must be 200 and come from a
 * ShopSet the simulation's {@link ShopSetRule} allows (the stub pods name themselves in
 * {@code X-ShopSet} and {@code X-Endpoint}). Each outcome also goes to the simulation's
 * {@link TrafficRecorder}.
 */
public final class Storefront {

    /** Session keys. */
    public static final String HOST = "host";
    public static final String SHOPSET = "shopSet";
    public static final String ENDPOINT = "endpoint";
    public static final String RESPONSE_MILLIS = "responseMillis";
    /** {@link System#nanoTime()} just before the request went out. */
    public static final String SENT_NANOS = "sentNanos";

    /** The name of warm-up requests and their recorder phase, left out of the measured figures. */
    public static final String WARM_UP = "warm-up page";

    private Storefront() {
    }

    /** The HTTP protocol for {@code target}: no warm-up call to the internet, no HTTP cache (one URL, many hosts). */
    public static HttpProtocolBuilder protocol(LoadTarget target) {
        return http.baseUrl(target.baseUrl())
                   .disableWarmUp()
                   .disableCaching()
                   .acceptHeader("text/html,application/json")
                   .userAgentHeader("shopset-loadtest");
    }

    /**
     * As {@link #protocol(LoadTarget)}, with each visitor's connections bound to one of
     * {@code sourceAddresses} (Gatling hands them out to virtual users in turn), so the gateway sees
     * that many distinct client addresses. On loopback, any {@code 127.x.y.z} works on Linux.
     */
    public static HttpProtocolBuilder protocol(LoadTarget target, List<String> sourceAddresses) {
        return protocol(target).localAddresses(sourceAddresses);
    }

    /**
     * One page view.
     *
     * @param requestName the request's name in the report (may depend on the phase of the run)
     * @param phase       the recorder's phase for this response
     * @param rule        which ShopSet may answer
     */
    public static ChainBuilder page(Function<Session, String> requestName, Function<Session, String> phase,
                                    ShopSetRule rule, TrafficRecorder recorder) {
        return exec(session -> session.set(SENT_NANOS, System.nanoTime()))
                .exec(http(requestName).get("/")
                              .header("Host", "#{" + HOST + "}")
                              .check(responseTimeInMillis().saveAs(RESPONSE_MILLIS),
                                     status().is(200),
                                     header("X-Endpoint").saveAs(ENDPOINT),
                                     header("X-ShopSet").validate("allowed ShopSet", (shopSet, session) -> {
                                         final String problem = rule.problem(session.getString(HOST), shopSet,
                                                                             session.getLong(SENT_NANOS));
                                         if (problem != null) {
                                             throw new IllegalStateException(problem);
                                         }
                                         return shopSet;
                                     }).saveAs(SHOPSET)))
                .exec(session -> {
                    recorder.record(phase.apply(session), session.getIntegerWrapper(RESPONSE_MILLIS),
                                    session.getString(SHOPSET), !session.isFailed());
                    return session;
                });
    }

    /** Which ShopSet may answer for a host at this moment of the run. */
    @FunctionalInterface
    public interface ShopSetRule {

        /** Any ShopSet (an external gateway, whose placement this run does not know). */
        ShopSetRule ANY = (host, shopSet) -> null;

        /** {@code null} when {@code shopSet} may answer for {@code host}, else why not. */
        @Nullable String problem(String host, String shopSet);

        /**
         * As {@link #problem(String, String)}, for a request sent at {@code sentNanos}
         * ({@link System#nanoTime()}); for rules that change during the run.
         */
        default @Nullable String problem(String host, String shopSet, long sentNanos) {
            return problem(host, shopSet);
        }
    }
}
