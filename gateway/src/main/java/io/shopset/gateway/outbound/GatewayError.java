package io.shopset.gateway.outbound;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Every answer the gateway gives itself, with its status and the short reason operators grep for
 * (after Envoy's response flags).
 */
public enum GatewayError {
    BAD_REQUEST(HttpResponseStatus.BAD_REQUEST, "bad_request"),
    URI_TOO_LONG(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request_line_too_long"),
    HEADERS_TOO_LARGE(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large"),
    NOT_IMPLEMENTED(HttpResponseStatus.NOT_IMPLEMENTED, "unsupported_transfer_coding"),
    VERSION_NOT_SUPPORTED(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "unsupported_http_version"),
    REQUEST_TIMEOUT(HttpResponseStatus.REQUEST_TIMEOUT, "request_timeout"),
    BODY_TOO_LARGE(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large"),
    OVERLOADED(HttpResponseStatus.SERVICE_UNAVAILABLE, "overloaded"),
    NO_ROUTE(HttpResponseStatus.NOT_FOUND, "no_route"),
    CLIENT_DENIED(HttpResponseStatus.FORBIDDEN, "client_denied"),
    THROTTLED_CLIENT(HttpResponseStatus.TOO_MANY_REQUESTS, "throttled_client"),
    THROTTLED_CLIENT_TOTAL(HttpResponseStatus.TOO_MANY_REQUESTS, "throttled_client_total"),
    THROTTLED_SHOP(HttpResponseStatus.TOO_MANY_REQUESTS, "throttled_shop"),
    SHOP_CONCURRENCY_LIMIT(HttpResponseStatus.SERVICE_UNAVAILABLE, "shop_concurrency_limit"),
    NOT_READY(HttpResponseStatus.SERVICE_UNAVAILABLE, "no_routing_table"),
    NO_HEALTHY_UPSTREAM(HttpResponseStatus.SERVICE_UNAVAILABLE, "no_healthy_upstream"),
    UPSTREAM_CONNECT_FAILURE(HttpResponseStatus.BAD_GATEWAY, "upstream_connect_failure"),
    UPSTREAM_RESET(HttpResponseStatus.BAD_GATEWAY, "upstream_reset"),
    UPSTREAM_UNAVAILABLE(HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream_unavailable"),
    UPSTREAM_PROTOCOL_ERROR(HttpResponseStatus.BAD_GATEWAY, "upstream_protocol_error"),
    UPSTREAM_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream_timeout");

    private final HttpResponseStatus status;
    private final String reason;

    GatewayError(HttpResponseStatus status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    public HttpResponseStatus status() {
        return status;
    }

    /** The short machine-readable reason, also the access log's response flag. */
    public String reason() {
        return reason;
    }
}
