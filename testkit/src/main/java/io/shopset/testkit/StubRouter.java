package io.shopset.testkit;

import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Maps a fully received request to the behaviour its path asks for and writes the response. */
final class StubRouter {

  private StubRouter() {}

  /**
   * Writes the response; the returned future completes once it has been written completely.
   * Storefront pages (the default route) follow {@code model}.
   */
  static ChannelFuture respond(StubExchange exchange, StorefrontModel model) {
    String path = exchange.target().path();
    if (path.equals("/healthz")) {
      return write(exchange, StubResponses.full(
          exchange, HttpResponseStatus.OK, StubResponses.TEXT_PLAIN, "ok"));
    }
    if (path.startsWith("/bytes/")) {
      return PatternBodyResponder.respond(exchange, path.substring("/bytes/".length()));
    }
    if (path.equals("/upload")) {
      return write(exchange, StubResponses.full(exchange, HttpResponseStatus.OK,
          StubResponses.APPLICATION_JSON, "{\"received\": " + exchange.bodyBytes() + "}"));
    }
    if (path.startsWith("/status/")) {
      return StatusResponder.respond(exchange, path.substring("/status/".length()));
    }
    if (path.startsWith("/delay/")) {
      return DelayResponder.respond(exchange, path.substring("/delay/".length()));
    }
    if (path.equals("/close")) {
      exchange.closeAfterResponse();
      return write(exchange, IdentityResponse.build(exchange));
    }
    if (path.equals("/ws") && WebSocketUpgrade.isRequested(exchange.request())) {
      return WebSocketUpgrade.accept(exchange);
    }
    return PageResponder.respond(exchange, model);
  }

  static ChannelFuture write(StubExchange exchange, Object response) {
    return exchange.ctx().writeAndFlush(response);
  }

  /** Parses a non-negative decimal number, returning {@code -1} when it is not one. */
  static long parseNonNegative(String text) {
    if (text.isEmpty() || text.length() > 18) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
