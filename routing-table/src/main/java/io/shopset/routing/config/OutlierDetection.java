package io.shopset.routing.config;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

/**
 * The {@code outlierDetection} section: passive ejection of failing endpoints.
 *
 * @param consecutiveFailures connect failures or 5xx in a row that eject an endpoint (default 5)
 * @param baseEjectionTime    the first ejection's length; each repeat doubles it (default 10s)
 * @param maxEjectionTime     the cap on an ejection's length (default 5m)
 * @param maxEjectionPercent  the most of a ShopSet's endpoints ejected at once (default 50)
 */
public record OutlierDetection(int consecutiveFailures, Duration baseEjectionTime, Duration maxEjectionTime,
                               int maxEjectionPercent) {

    public static final OutlierDetection DEFAULT = new OutlierDetection(null, null, null, null);

    @JsonCreator
    public OutlierDetection(@Nullable Integer consecutiveFailures, @Nullable Duration baseEjectionTime,
                            @Nullable Duration maxEjectionTime, @Nullable Integer maxEjectionPercent) {
        this(consecutiveFailures == null ? 5 : (int) consecutiveFailures,
             baseEjectionTime == null ? Duration.ofSeconds(10) : baseEjectionTime,
             maxEjectionTime == null ? Duration.ofMinutes(5) : maxEjectionTime,
             maxEjectionPercent == null ? 50 : (int) maxEjectionPercent);
    }
}
