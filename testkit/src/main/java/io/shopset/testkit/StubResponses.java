package io.shopset.testkit;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Builds the stub's responses with correct framing, identity and connection headers. */
final class StubResponses {

  static final String TEXT_PLAIN = "text/plain; charset=utf-8";
  static final String APPLICATION_JSON = "application/json";

  private StubResponses() {}

  /** A response with a body and {@code Content-Length}; HEAD gets the headers only. */
  static FullHttpResponse full(StubExchange exchange, HttpResponseStatus status, String contentType,
      String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        exchange.isHead() ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    decorate(exchange, response);
    return response;
  }

  /** A response that never has a body and therefore no framing header (204, 304). */
  static FullHttpResponse bodiless(StubExchange exchange, HttpResponseStatus status) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
    decorate(exchange, response);
    return response;
  }

  /** A short {@code text/plain} error response. */
  static FullHttpResponse error(StubExchange exchange, HttpResponseStatus status, String message) {
    return full(exchange, status, TEXT_PLAIN, message + "\n");
  }

  /** Adds {@code X-ShopSet}, {@code X-Endpoint} and the {@code Connection} header. */
  static void decorate(StubExchange exchange, HttpResponse response) {
    response.headers()
        .set("X-ShopSet", exchange.identity().shopSet())
        .set("X-Endpoint", exchange.identity().endpointName());
    if (!exchange.keepAlive()) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (exchange.isHttp10()) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
  }
}
