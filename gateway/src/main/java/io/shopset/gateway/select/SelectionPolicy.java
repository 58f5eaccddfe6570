package io.shopset.gateway.select;

import org.jspecify.annotations.Nullable;

import io.shopset.gateway.Ticker;
import io.shopset.gateway.health.OutlierDetector;

/**
 * What every exchange's {@link AttemptPlan} shares: time, outlier detection, the retry budget and
 * the failure-domain preference.
 *
 * @param localDomain the gateway's failure domain when {@code preferLocalFailureDomain} is on, else null
 * @param maxAttempts upstream attempts per request at most
 */
public record SelectionPolicy(Ticker ticker, OutlierDetector outliers, RetryBudget retryBudget,
                              @Nullable String localDomain, int maxAttempts) {
}
