package io.shopset.routing.config;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.model.DefaultLimits;
import io.shopset.routing.model.FailureDomain;
import io.shopset.routing.model.RoutingState;
import io.shopset.routing.model.Shop;
import io.shopset.routing.model.ShopSet;
import io.shopset.routing.model.Tier;

/**
 * The whole configuration file (CONTRACT.md), bound as is. Per-process settings (listeners,
 * timeouts) are read from here; the routing part is {@link #routingState()}.
 */
public record GatewayConfig(String listen, AdminSettings admin, String store, String stateFile,
                            @Nullable String gatewayFailureDomain, boolean preferLocalFailureDomain,
                            List<String> platformDomains, int replicas, List<Tier> tiers,
                            List<FailureDomain> failureDomains, List<ShopSet> shopsets, List<Shop> shops,
                            DefaultLimits limits, List<String> trustedProxies, Timeouts timeouts,
                            HttpSettings http, ShutdownSettings shutdown, OutlierDetection outlierDetection,
                            CircuitBreakerSettings circuitBreaker, RetrySettings retries,
                            AccessLogSettings accessLog, ListenerSettings listener, OverloadSettings overload,
                            TlsSettings tls, SelfHealingSettings selfHealing,
                            WarmupSettings warmup, RateLimitSettings rateLimit) {

    @JsonCreator
    public GatewayConfig(@Nullable String listen, @Nullable AdminSettings admin, @Nullable String store,
                         @Nullable String stateFile, @Nullable String gatewayFailureDomain,
                         @Nullable Boolean preferLocalFailureDomain, @Nullable List<String> platformDomains,
                         @Nullable Integer replicas, @Nullable List<Tier> tiers,
                         @Nullable List<FailureDomain> failureDomains, @Nullable List<ShopSet> shopsets,
                         @Nullable List<Shop> shops, @Nullable DefaultLimits limits,
                         @Nullable List<String> trustedProxies, @Nullable Timeouts timeouts,
                         @Nullable HttpSettings http, @Nullable ShutdownSettings shutdown,
                         @Nullable OutlierDetection outlierDetection, @Nullable CircuitBreakerSettings circuitBreaker,
                         @Nullable RetrySettings retries, @Nullable AccessLogSettings accessLog,
                         @Nullable ListenerSettings listener, @Nullable OverloadSettings overload,
                         @Nullable TlsSettings tls, @Nullable SelfHealingSettings selfHealing,
                         @Nullable WarmupSettings warmup, @Nullable RateLimitSettings rateLimit) {
        this(listen != null ? listen : "127.0.0.1:8080",
             admin != null ? admin : AdminSettings.DEFAULT,
             store != null ? store : "file",
             stateFile != null ? stateFile : "shopset-state.json",
             gatewayFailureDomain,
             preferLocalFailureDomain != null && preferLocalFailureDomain,
             nonNull(platformDomains), replicas != null ? replicas : 2, nonNull(tiers), nonNull(failureDomains),
             nonNull(shopsets), nonNull(shops), limits != null ? limits : DefaultLimits.DEFAULT,
             nonNull(trustedProxies), timeouts != null ? timeouts : Timeouts.DEFAULT,
             http != null ? http : HttpSettings.DEFAULT, shutdown != null ? shutdown : ShutdownSettings.DEFAULT,
             outlierDetection != null ? outlierDetection : OutlierDetection.DEFAULT,
             circuitBreaker != null ? circuitBreaker : CircuitBreakerSettings.DEFAULT,
             retries != null ? retries : RetrySettings.DEFAULT,
             accessLog != null ? accessLog : AccessLogSettings.DEFAULT,
             listener != null ? listener : ListenerSettings.DEFAULT,
             overload != null ? overload : OverloadSettings.DEFAULT,
             tls != null ? tls : TlsSettings.DEFAULT,
             selfHealing != null ? selfHealing : SelfHealingSettings.DEFAULT,
             warmup != null ? warmup : WarmupSettings.DEFAULT,
             rateLimit != null ? rateLimit : RateLimitSettings.DEFAULT);
    }

    /** The routing part of this file: what the stores hold. */
    @JsonIgnore
    public RoutingState routingState() {
        return new RoutingState(platformDomains, replicas, tiers, failureDomains, shopsets, shops, limits);
    }

    /** This file with its routing part replaced by {@code state}. */
    public GatewayConfig withRoutingState(RoutingState state) {
        return new GatewayConfig(listen, admin, store, stateFile, gatewayFailureDomain, preferLocalFailureDomain,
                                 state.platformDomains(), state.replicas(), state.tiers(), state.failureDomains(),
                                 state.shopsets(), state.shops(), state.limits(), trustedProxies, timeouts, http,
                                 shutdown, outlierDetection, circuitBreaker, retries, accessLog, listener, overload,
                                 tls, selfHealing, warmup, rateLimit);
    }

    private static <T> List<T> nonNull(@Nullable List<T> list) {
        return list == null ? List.of() : List.copyOf(list.stream().filter(e -> e != null).toList());
    }
}
