package io.shopset.testkit;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/** The default answer: a JSON document saying which ShopSet endpoint saw which request. */
final class IdentityResponse {

  private IdentityResponse() {}

  static FullHttpResponse build(StubExchange exchange) {
    return StubResponses.full(exchange, HttpResponseStatus.OK, StubResponses.APPLICATION_JSON,
        body(exchange));
  }

  static String body(StubExchange exchange) {
    HttpRequest request = exchange.request();
    StubIdentity identity = exchange.identity();
    return "{\"shopset\":" + Json.quote(identity.shopSet())
        + ",\"endpoint\":" + Json.quote(identity.endpointName())
        + ",\"method\":" + Json.quote(request.method().name())
        + ",\"path\":" + Json.quote(exchange.target().rawPath())
        + ",\"host\":" + Json.quote(request.headers().get(HttpHeaderNames.HOST))
        + ",\"shopId\":" + Json.quote(request.headers().get("X-Shop-Id"))
        + "}";
  }
}
