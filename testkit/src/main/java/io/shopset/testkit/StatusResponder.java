package io.shopset.testkit;

import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpResponseStatus;

/** {@code /status/{code}}: answers with that final status (200-599) and a short body. */
final class StatusResponder {

  private StatusResponder() {}

  static ChannelFuture respond(StubExchange exchange, String codeText) {
    long code = StubRouter.parseNonNegative(codeText);
    if (code < 200 || code > 599) {
      return StubRouter.write(exchange, StubResponses.error(
          exchange, HttpResponseStatus.BAD_REQUEST, "status must be 200-599: " + codeText));
    }
    HttpResponseStatus status = HttpResponseStatus.valueOf((int) code);
    if (code == 204 || code == 304) {
      return StubRouter.write(exchange, StubResponses.bodiless(exchange, status));
    }
    String body = code == 205 ? "" : "status " + code + "\n";
    return StubRouter.write(exchange,
        StubResponses.full(exchange, status, StubResponses.TEXT_PLAIN, body));
  }
}
