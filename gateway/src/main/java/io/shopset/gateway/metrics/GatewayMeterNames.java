package io.shopset.gateway.metrics;

/**
 * Every meter and tag name of the data plane, in one place (CONTRACT.md "Metrics"). Micrometer
 * names are dotted; the Prometheus registry renders them as {@code shopset_requests_total} etc.
 */
public final class GatewayMeterNames {

    /** {@code shopset_requests_total{shopset,tier,failure_domain,code_class}}. */
    public static final String REQUESTS = "shopset.requests";
    /** {@code shopset_request_duration_seconds}: a histogram, deliberately without per-shop labels. */
    public static final String REQUEST_DURATION = "shopset.request.duration";
    /** {@code shopset_routing_table_version}. */
    public static final String ROUTING_TABLE_VERSION = "shopset.routing.table.version";
    /** {@code shopset_routing_table_age_seconds}. */
    public static final String ROUTING_TABLE_AGE = "shopset.routing.table.age";
    /** {@code shopset_config_reloads_total{result}}. */
    public static final String CONFIG_RELOADS = "shopset.config.reloads";
    /** {@code shopset_upstream_connect_failures_total{shopset}}. */
    public static final String UPSTREAM_CONNECT_FAILURES = "shopset.upstream.connect.failures";
    /** {@code shopset_failovers_total}. */
    public static final String FAILOVERS = "shopset.failovers";
    /** {@code shopset_upstream_retries_total{reason}}: reason = connect_failure | stale_connection | reset | status_5xx. */
    public static final String RETRIES = "shopset.upstream.retries";
    /** {@code shopset_retry_budget_exhausted_total}: retries refused by the budget. */
    public static final String RETRY_BUDGET_EXHAUSTED = "shopset.retry.budget.exhausted";
    /** {@code shopset_upstream_ejections_total{shopset}}: passive outlier ejections. */
    public static final String EJECTIONS = "shopset.upstream.ejections";
    /** {@code shopset_upstream_healthy{shopset,endpoint}}: 1 when the endpoint takes traffic. */
    public static final String UPSTREAM_HEALTHY = "shopset.upstream.healthy";
    /** {@code shopset_circuit_state{shopset,state}}: 1 for the breaker's current state. */
    public static final String CIRCUIT_STATE = "shopset.circuit.state";
    /** {@code shopset_throttled_total{scope}}: scope = client | client_total | shop. */
    public static final String THROTTLED = "shopset.throttled";
    /** {@code shopset_throttled_shadow_total{scope}}: what shadow mode would have refused. */
    public static final String THROTTLED_SHADOW = "shopset.throttled.shadow";
    /** {@code shopset_denied_total}: requests from denied client addresses (403). */
    public static final String DENIED = "shopset.denied";
    /**
     * {@code shopset_ratelimit_fallback_total}: times this replica fell back from global shop limits
     * (Redis slow or down) to enforcing limit ÷ replicas on its own.
     */
    public static final String RATELIMIT_FALLBACK = "shopset.ratelimit.fallback";
    /** {@code shopset_ratelimit_fallback_active}: 1 while in that fallback. */
    public static final String RATELIMIT_FALLBACK_ACTIVE = "shopset.ratelimit.fallback.active";
    /** {@code shopset_ratelimit_replicas}: the gateway replicas known from Redis's heartbeats. */
    public static final String RATELIMIT_REPLICAS = "shopset.ratelimit.replicas";
    /** {@code shopset_active_requests}. */
    public static final String ACTIVE_REQUESTS = "shopset.active.requests";
    /** {@code shopset_open_connections}. */
    public static final String OPEN_CONNECTIONS = "shopset.open.connections";
    /** {@code shopset_build_info{version,java}}: always 1; the labels say what runs. */
    public static final String BUILD_INFO = "shopset.build.info";
    /**
     * {@code shopset_edge_rejections_total{reason}}: requests and connections the edge refused; reason = framing |
     * uri_too_long | headers_too_large | body_too_large | header_timeout | body_timeout | write_timeout |
     * connection_limit | overload | proxy_protocol | h2_rapid_reset | h2_server_resets | h2_flood |
     * h2_connection_error | h2_refused_stream | h2_stream_error.
     */
    public static final String EDGE_REJECTIONS = "shopset.edge.rejections";
    /** {@code shopset_connections_active{listener}}: client connections open per listener (http | tls). */
    public static final String CONNECTIONS_ACTIVE = "shopset.connections.active";

    public static final String TAG_SHOPSET = "shopset";
    public static final String TAG_TIER = "tier";
    public static final String TAG_FAILURE_DOMAIN = "failure_domain";
    public static final String TAG_CODE_CLASS = "code_class";
    public static final String TAG_RESULT = "result";
    public static final String TAG_REASON = "reason";
    public static final String TAG_ENDPOINT = "endpoint";
    public static final String TAG_STATE = "state";
    public static final String TAG_SCOPE = "scope";
    public static final String TAG_VERSION = "version";
    public static final String TAG_JAVA = "java";
    public static final String TAG_LISTENER = "listener";

    /** The ShopSet tag value of responses the gateway answered without a ShopSet (404, 503 …). */
    public static final String NONE = "none";

    private GatewayMeterNames() {
    }
}
