package io.shopset.loadtest.scenarios;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.util.function.Function;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.shopset.loadtest.harness.FloodTally;

/**
 * One bot hit on a flash-sale shop: {@code GET /products/limited-drop} with the shop's
 * {@code Host}. The gateway either admits it (200 from the shop's ShopSet) or rejects it — 429 when
 * a rate limit fires, 503 at the shop's concurrency limit; any other status, or no response, fails
 * the request. Each outcome, with the rejection's {@code RateLimit-Policy} and {@code Retry-After},
 * goes to a {@link FloodTally}.
 */
public final class BotFlood {

    public static final String PATH = "/products/limited-drop";
    private static final String STATUS = "botStatus";
    private static final String POLICY = "botPolicy";
    private static final String RETRY_AFTER = "botRetryAfter";
    private static final String MILLIS = "botMillis";

    private BotFlood() {
    }

    /**
     * A hit on {@code host}, named {@code requestName} in the report (evaluated as it is sent, with
     * its send time in {@link Storefront#SENT_NANOS}); its outcome goes to {@code tallyFor}'s tally.
     */
    public static ChainBuilder hit(Function<Session, String> requestName, String host,
                                   Function<Session, FloodTally> tallyFor) {
        return exec(session -> session.set(Storefront.SENT_NANOS, System.nanoTime()))
                .exec(http(requestName).get(PATH)
                              .header("Host", host)
                              .check(status().in(200, 429, 503).saveAs(STATUS),
                                     responseTimeInMillis().saveAs(MILLIS),
                                     header("RateLimit-Policy").optional().saveAs(POLICY),
                                     header("Retry-After").optional().saveAs(RETRY_AFTER)))
                .exec(session -> {
                    tallyFor.apply(session).record(session.isFailed() ? null : session.getIntegerWrapper(STATUS),
                                                   session.getString(POLICY), session.getString(RETRY_AFTER),
                                                   session.getIntegerWrapper(MILLIS));
                    return session;
                });
    }
}
